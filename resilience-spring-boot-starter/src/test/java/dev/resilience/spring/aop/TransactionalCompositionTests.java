package dev.resilience.spring.aop;

import dev.resilience.annotation.Retry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Our annotations on a bean that another aspect already proxies: a retry wraps the whole transaction. */
class TransactionalCompositionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(ResilienceAnnotationBeanPostProcessor.class,
                    () -> new ResilienceAnnotationBeanPostProcessor(beanFactory -> new TracingInstances().bind(beanFactory)))
            .withUserConfiguration(TransactionConfiguration.class);

    @Test
    void eachRetryAttemptRunsInItsOwnTransaction() {
        runner.run(context -> {
            Repository repository = context.getBean(Repository.class);
            RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
            assertThat(repository.save()).isEqualTo("saved on attempt 3");
            assertThat(transactions.events).containsExactly("begin", "rollback", "begin", "rollback", "begin", "commit");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class TransactionConfiguration {
        @Bean
        RecordingTransactionManager transactionManager() {
            return new RecordingTransactionManager();
        }

        @Bean
        Repository repository() {
            return new Repository();
        }
    }

    public static class Repository {
        private int attempts;

        @Retry(name = "db")
        @Transactional
        public String save() {
            assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
            if (++attempts < 3) {
                throw new IllegalStateException("deadlock, attempt " + attempts);
            }
            return "saved on attempt " + attempts;
        }
    }

    static class RecordingTransactionManager implements PlatformTransactionManager {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            events.add("begin");
            TransactionSynchronizationManager.setActualTransactionActive(true);
            return new SimpleTransactionStatus(true);
        }

        @Override
        public void commit(TransactionStatus status) {
            events.add("commit");
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }

        @Override
        public void rollback(TransactionStatus status) {
            events.add("rollback");
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
    }
}
