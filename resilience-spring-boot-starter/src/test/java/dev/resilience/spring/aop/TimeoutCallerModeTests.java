package dev.resilience.spring.aop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.resilience.annotation.Timeout;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A synchronous {@code @Timeout} method runs on the caller's thread by default ({@code mode: caller}), so what
 * the application bound to that thread is there: a {@code ThreadLocal}, the enclosing Spring transaction. With
 * {@code mode: worker} it runs on a worker thread and none of it is.
 */
class TimeoutCallerModeTests {

    static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("resilience.timeout.instances.inventory.timeout-duration=5s",
                    "resilience.timeout.instances.slow.timeout-duration=50ms");

    @Test
    void aThreadLocalOfTheCallerIsVisibleInsideTheMethod() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            TENANT.set("acme");
            try {
                assertThat(inventory.tenantAndThread()).isEqualTo("acme on " + Thread.currentThread().getName());
            } finally {
                TENANT.remove();
            }
        });
    }

    @Test
    void theEnclosingTransactionIsActiveInsideTheMethodAndItsResourcesAreBound() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);

            assertThat(orders.placeOrder()).isEqualTo("active=true, connection=connection-1");
            assertThat(transactions.events).containsExactly("begin", "commit");
        });
    }

    @Test
    void aTransactionalTimeoutMethodRunsItsOwnTransactionOnTheCallersThread() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);

            assertThat(inventory.reserve()).isEqualTo("reserved in a transaction on "
                    + Thread.currentThread().getName());
            assertThat(transactions.events).containsExactly("begin", "commit");
        });
    }

    @Test
    void inWorkerModeTheMethodSeesNeitherTheThreadLocalNorTheTransaction() {
        runner.withPropertyValues("resilience.timeout.instances.inventory.mode=worker").run(context -> {
            Orders orders = context.getBean(Orders.class);
            Inventory inventory = context.getBean(Inventory.class);

            assertThat(orders.placeOrder()).isEqualTo("active=false, connection=null");
            TENANT.set("acme");
            try {
                assertThat(inventory.tenantAndThread()).startsWith("null on ")
                        .isNotEqualTo("null on " + Thread.currentThread().getName());
            } finally {
                TENANT.remove();
            }
        });
    }

    @Test
    void anExpiryInterruptsTheMethodAndLeavesNoInterruptBehind() {
        runner.run(context -> {
            Inventory inventory = context.getBean(Inventory.class);

            assertThatThrownBy(inventory::blockUntilInterrupted).isInstanceOf(TimeoutExceededException.class)
                    .hasMessage("Timeout 'slow' of 50ms exceeded")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(inventory.tenantAndThread()).endsWith(Thread.currentThread().getName());
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Beans {
        @Bean
        RecordingTransactionManager transactionManager() {
            return new RecordingTransactionManager();
        }

        @Bean
        Inventory inventory() {
            return new Inventory();
        }

        @Bean
        Orders orders(Inventory inventory) {
            return new Orders(inventory);
        }
    }

    public static class Inventory {

        @Timeout(name = "inventory")
        public String tenantAndThread() {
            return TENANT.get() + " on " + Thread.currentThread().getName();
        }

        @Timeout(name = "inventory")
        public String stockInTransaction() {
            return "active=" + TransactionSynchronizationManager.isActualTransactionActive() + ", connection="
                    + TransactionSynchronizationManager.getResource(RecordingTransactionManager.RESOURCE_KEY);
        }

        @Timeout(name = "inventory")
        @Transactional
        public String reserve() {
            assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
            return "reserved in a transaction on " + Thread.currentThread().getName();
        }

        @Timeout(name = "slow")
        public String blockUntilInterrupted() throws InterruptedException {
            new CountDownLatch(1).await();
            return "never";
        }
    }

    public static class Orders {
        private final Inventory inventory;

        Orders(Inventory inventory) {
            this.inventory = inventory;
        }

        @Transactional
        public String placeOrder() {
            return inventory.stockInTransaction();
        }
    }

    /** Begins and ends transactions on the calling thread and binds a "connection" to it, as a real one does. */
    static class RecordingTransactionManager implements PlatformTransactionManager {
        static final String RESOURCE_KEY = "connection-key";
        final List<String> events = new CopyOnWriteArrayList<>();
        private int connections;

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            events.add("begin");
            TransactionSynchronizationManager.setActualTransactionActive(true);
            TransactionSynchronizationManager.bindResource(RESOURCE_KEY, "connection-" + (++connections));
            return new SimpleTransactionStatus(true);
        }

        @Override
        public void commit(TransactionStatus status) {
            events.add("commit");
            end();
        }

        @Override
        public void rollback(TransactionStatus status) {
            events.add("rollback");
            end();
        }

        private void end() {
            TransactionSynchronizationManager.unbindResource(RESOURCE_KEY);
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
    }
}
