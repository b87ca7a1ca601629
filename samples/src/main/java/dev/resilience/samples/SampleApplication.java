package dev.resilience.samples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: a small Spring MVC service whose endpoints are protected by the starter's
 * annotations, in front of a deliberately flaky downstream ({@link dev.resilience.samples.downstream.FlakyDownstream}).
 * Everything runs in memory; {@code application.yml} holds the resilience configuration a user would write.
 *
 * <pre>./mvnw -pl samples -am -DskipTests package spring-boot:run</pre>
 *
 * <p>The README walks through a curl session against it. {@link CircuitBreakerDemo} is the same idea without
 * Spring, in plain Java.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
