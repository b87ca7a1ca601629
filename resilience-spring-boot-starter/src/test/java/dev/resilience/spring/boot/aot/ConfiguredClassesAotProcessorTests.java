package dev.resilience.spring.boot.aot;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Which classes named in {@code resilience.*} properties get runtime hints, from YAML lists and comma lists. */
class ConfiguredClassesAotProcessorTests {

    @Test
    void exceptionListsAndPredicatesNamedInPropertiesAreRegistered() {
        TestGenerationContext generationContext = process(Map.of(
                "resilience.circuit-breaker.instances.a.record-exceptions[0]", IOException.class.getName(),
                "resilience.retry.configs.default.retry-exceptions", TimeoutException.class.getName() + ", "
                        + IllegalStateException.class.getName(),
                "resilience.circuit-breaker.instances.a.record-failure-predicate", NotTransient.class.getName(),
                "resilience.circuit-breaker.instances.b.ignore-exception-predicate", "someBeanName",
                "other.prefix.record-exceptions", UnsupportedOperationException.class.getName()));

        var hints = generationContext.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onType(IOException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(TimeoutException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(IllegalStateException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(NotTransient.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(UnsupportedOperationException.class)).rejects(hints);
    }

    @Test
    void noContributionWithoutSuchProperties() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", environment(Map.of("resilience.retry.instances.a.max-attempts", "3")));

        assertThat(new ConfiguredClassesAotProcessor().processAheadOfTime(beanFactory)).isNull();
    }

    private static TestGenerationContext process(Map<String, Object> properties) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", environment(properties));
        BeanFactoryInitializationAotContribution contribution =
                new ConfiguredClassesAotProcessor().processAheadOfTime(beanFactory);
        assertThat(contribution).isNotNull();
        TestGenerationContext generationContext = new TestGenerationContext();
        contribution.applyTo(generationContext, null);
        return generationContext;
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    /** A predicate named by class, which the starter instantiates. */
    public static class NotTransient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return !(failure instanceof TimeoutException);
        }
    }
}
