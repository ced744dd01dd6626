package dev.jobs.localaws.samples;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A CSV of job offers in the data's format, generated as it is read: any size, no disk. */
public final class SyntheticCsv extends InputStream {

  public static final String HEADER =
      "\"id\",\"city\",\"company_name\",\"title\",\"url\",\"contract_type\",\"company_sector\","
          + "\"user_experience\",\"keyword\",\"created_date\",\"provider\"\n";
  private static final String[] CITIES = {"Paris", "Lyon", "Nantes", "Bordeaux"};
  private static final String[] CONTRACTS = {"Full-Time", "Internship", "cdi", "NULL"};

  private final long rows;
  private long next;
  private byte[] chunk = HEADER.getBytes(StandardCharsets.UTF_8);
  private int position;

  public SyntheticCsv(long rows) {
    this.rows = rows;
  }

  public static String row(long i) {
    String city = CITIES[(int) (i % CITIES.length)];
    return "\"%032x\",\"%s\",\"Company «%d», SAS\",\"data-engineer-%s-f-h_%d\",\"https://www.welcometothejungle.co/companies/c%d/jobs/data-engineer_%s\",\"%s\",\"Big Data, Software\",\"%d years\",\"data engineer\",\"2019-09-%02d 10:49:26.61\",\"wttj\"\n"
        .formatted(
            i,
            city,
            i % 997,
            city.toLowerCase(),
            i,
            i % 997,
            city.toLowerCase(),
            CONTRACTS[(int) (i % 4)],
            i % 10,
            1 + i % 28);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    if (position == chunk.length) {
      if (next == rows) {
        return -1;
      }
      StringBuilder text = new StringBuilder(64 * 1024);
      while (next < rows && text.length() < 60 * 1024) {
        text.append(row(next++));
      }
      chunk = text.toString().getBytes(StandardCharsets.UTF_8);
      position = 0;
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, target, offset, n);
    position += n;
    return n;
  }
}
