package dev.jobs.localaws.junit;

import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the emulators of these services, started once per test JVM with the
 * product's resources. Test methods may take {@link LocalAws}, {@code DynamoDbClient}, {@code
 * SqsClient} or {@code S3Client} parameters.
 */
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalAwsExtension.class)
public @interface WithLocalAws {

  Service[] value() default {Service.DYNAMODB, Service.SQS, Service.S3};
}
