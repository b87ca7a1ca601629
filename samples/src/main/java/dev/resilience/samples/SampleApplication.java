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
 * <p>With {@code -Dspring-boot.run.profiles=redis} the quotes breaker and the rate limiters are shared through
 * Redis by every instance ({@code application-redis.yml}); {@link SampleRedis} starts a Redis when none answers.
 *
 * <p>The README walks through a curl session against it. {@link CircuitBreakerDemo} is the same idea without
 * Spring, in plain Java.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.addListeners(new SampleRedis());
        application.run(args);
    }
}
