package dev.jobs.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LambdaLogContextTest {

  @Test
  void putsTheInvocationOnTheLinesOfItsHandlerOnlyAndTheColdStartOnTheFirstOnly() {
    try (LambdaLogContext first = LambdaLogContext.open(context("req-1"))) {
      assertThat(MDC.get(LambdaLogContext.EXECUTION)).isEqualTo("req-1");
      assertThat(MDC.get(LambdaLogContext.NAME)).isEqualTo("s3_to_sqs_lambda");
      assertThat(MDC.get(LambdaLogContext.COLD_START)).isEqualTo("true");
    }
    assertThat(MDC.get(LambdaLogContext.EXECUTION)).as("after the invocation").isNull();
    try (LambdaLogContext second = LambdaLogContext.open(context("req-2"))) {
      assertThat(MDC.get(LambdaLogContext.EXECUTION)).isEqualTo("req-2");
      assertThat(MDC.get(LambdaLogContext.COLD_START)).isEqualTo("false");
    }
  }

  private static Context context(String requestId) {
    return new Context() {
      public String getAwsRequestId() {
        return requestId;
      }

      public String getLogGroupName() {
        return "/aws/lambda/s3_to_sqs_lambda";
      }

      public String getLogStreamName() {
        return "stream";
      }

      public String getFunctionName() {
        return "s3_to_sqs_lambda";
      }

      public String getFunctionVersion() {
        return "$LATEST";
      }

      public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:000000000000:function:s3_to_sqs_lambda";
      }

      public CognitoIdentity getIdentity() {
        return null;
      }

      public ClientContext getClientContext() {
        return null;
      }

      public int getRemainingTimeInMillis() {
        return 1000;
      }

      public int getMemoryLimitInMB() {
        return 512;
      }

      public LambdaLogger getLogger() {
        return null;
      }
    };
  }
}
