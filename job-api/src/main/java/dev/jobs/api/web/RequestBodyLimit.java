package dev.jobs.api.web;

import dev.jobs.api.config.JobsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code jobs.max-request-bytes}, declared or streamed. The refusal
 * surfaces while the body is read, so {@link ProblemHandler} answers it as a 413 problem.
 */
@Component
public class RequestBodyLimit extends OncePerRequestFilter {

  private final long maxBytes;

  public RequestBodyLimit(JobsProperties properties) {
    this.maxBytes = properties.maxRequestBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  /** Thrown by the body's stream; an IOException so that message converters pass it on. */
  public static final class TooLargeException extends IOException {
    TooLargeException(long maxBytes) {
      super("The request body must not exceed " + maxBytes + " bytes.");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream limited;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (limited == null) {
        limited = new LimitedStream(super.getInputStream(), getContentLengthLong(), maxBytes);
      }
      return limited;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream body;
    private final long declaredLength;
    private final long maxBytes;
    private long read;

    LimitedStream(ServletInputStream body, long declaredLength, long maxBytes) {
      this.body = body;
      this.declaredLength = declaredLength;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      checkDeclared();
      int b = body.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkDeclared();
      int n = body.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void checkDeclared() throws TooLargeException {
      if (declaredLength > maxBytes) {
        throw new TooLargeException(maxBytes);
      }
    }

    private void count(int n) throws TooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new TooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return body.isFinished();
    }

    @Override
    public boolean isReady() {
      return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      body.setReadListener(listener);
    }
  }
}
