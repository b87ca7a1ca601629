package dev.resilience.spring.boot.autoconfigure.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import dev.resilience.core.internal.Checks;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.customizer.ConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The generic resolver, driven by a fake pattern so that it is tested apart from the real ones.
 */
class ConfigResolverTests {

    private final PatternProperties<FakeSettings> properties = new PatternProperties<>();

    private final List<ConfigCustomizer<FakeConfig.Builder>> customizers = new ArrayList<>();

    @Nested
    class Inheritance {

        @Test
        void withNothingConfiguredTheDefaultIsTheCoreDefault() {
            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();
            assertThat(resolved.defaultConfig()).isEqualTo(FakeConfig.ofDefaults());
            assertThat(resolved.configs()).containsOnlyKeys("default");
            assertThat(resolved.instances()).isEmpty();
        }

        @Test
        void defaultThenConfigThenInstance() {
            config("default").setSize(5);
            config("shared").setDelay(Duration.ofSeconds(2));
            FakeSettings backend = instance("backend");
            backend.setBaseConfig("shared");
            backend.setTag("b");
            instance("plain").setTag("p");

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(resolved.defaultConfig()).isEqualTo(new FakeConfig(5, Duration.ZERO, List.of(), "none"));
            assertThat(resolved.configs().get("shared")).isEqualTo(new FakeConfig(5, Duration.ofSeconds(2), List.of(), "none"));
            assertThat(resolved.instances().get("backend")).isEqualTo(new FakeConfig(5, Duration.ofSeconds(2), List.of(), "b"));
            assertThat(resolved.instances().get("plain")).isEqualTo(new FakeConfig(5, Duration.ZERO, List.of(), "p"));
        }

        @Test
        void baseConfigsChain() {
            config("a").setSize(7);
            config("b").setBaseConfig("a");
            config("b").setTag("from-b");
            config("c").setBaseConfig("b");
            instance("x").setBaseConfig("c");

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(resolved.instances().get("x")).isEqualTo(new FakeConfig(7, Duration.ZERO, List.of(), "from-b"));
        }

        @Test
        void aConfigDeclaredAfterItsUserIsFound() {
            instance("x").setBaseConfig("late");
            config("late").setSize(9);

            assertThat(resolve().instances().get("x").size()).isEqualTo(9);
        }

        @Test
        void childListReplacesTheParentList() {
            config("default").setIgnoreExceptions(List.of("java.io.IOException"));
            instance("x").setIgnoreExceptions(List.of("java.util.concurrent.TimeoutException"));
            instance("y");

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(resolved.instances().get("x").ignored()).containsExactly(TimeoutException.class);
            assertThat(resolved.instances().get("y").ignored()).containsExactly(IOException.class);
        }

        @Test
        void springOnlySettingsAreInheritedAlongTheSameChain() {
            config("default").setFlag(false);
            config("on").setFlag(true);
            instance("x").setBaseConfig("on");
            instance("y");

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(resolved.setting("x", FakeSettings::getFlag, false)).isTrue();
            assertThat(resolved.setting("y", FakeSettings::getFlag, true)).isFalse();
            assertThat(resolved.setting("unknown", FakeSettings::getFlag, true)).isFalse();
            assertThat(new ConfigResolver<>(FakeConfig.MAPPING, List.of(), classLoader())
                    .resolve(new PatternProperties<>()).setting("unknown", FakeSettings::getFlag, true)).isTrue();
        }

        @Test
        void theMapperSeesItsParentAndInheritedValues() {
            config("default").setFlag(true);
            instance("x").setTag("x");
            List<String> seen = new ArrayList<>();
            PatternMapping<FakeConfig, FakeConfig.Builder, FakeSettings> mapping = new PatternMapping<>("fake",
                    FakeSettings::new, FakeConfig::ofDefaults, FakeConfig::from, FakeConfig.Builder::build,
                    (settings, builder, level) -> {
                        seen.add(level.path() + " " + level.parent().tag() + " " + level.inherited(FakeSettings::getFlag));
                        FakeConfig.MAPPING.mapper().apply(settings, builder, level);
                    });
            new ConfigResolver<>(mapping, List.of(), classLoader()).resolve(properties);
            assertThat(seen).containsExactly("resilience.fake.configs.default none true",
                    "resilience.fake.instances.x none true");
        }
    }

    @Nested
    class Errors {

        @Test
        void valueOutOfRangeNamesTheLevelThatSetIt() {
            config("shared").setSize(0);
            instance("x").setBaseConfig("shared");

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.configs.shared.size' (0): must be at least 1")
                    .satisfies(e -> assertThat(e.property()).isEqualTo("resilience.fake.configs.shared.size"))
                    .satisfies(e -> assertThat(e.action()).isEqualTo(
                            "Update 'resilience.fake.configs.shared.size' in your configuration: it must be at least 1."));
        }

        @Test
        void valueOutOfRangeOnAnInstance() {
            instance("backend").setDelay(Duration.ofMillis(-5));

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.instances.backend.delay' (PT-0.005S): must not be negative");
        }

        @Test
        void anInstanceNameThatNeedsBracketsIsShownWithThem() {
            instance("a.b").setSize(0);

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessageStartingWith("Invalid 'resilience.fake.instances[a.b].size' (0)");
        }

        @Test
        void contradictorySettingsNameTheLevel() {
            config("default").setSize(50);
            instance("x").setTag("conflict");

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid configuration 'resilience.fake.instances.x': "
                            + "tag 'conflict' needs a size of at most 10, got 50");
        }

        @Test
        void unknownBaseConfig() {
            config("shared");
            instance("backend").setBaseConfig("shraed");

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.instances.backend.base-config' (shraed): must name a config "
                            + "of 'resilience.fake.configs', one of [default, shared]")
                    .satisfies(e -> assertThat(e.property()).isEqualTo("resilience.fake.instances.backend.base-config"));
        }

        @Test
        void cycle() {
            config("a").setBaseConfig("b");
            config("b").setBaseConfig("c");
            config("c").setBaseConfig("a");

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("The configs of 'resilience.fake' inherit from each other in a cycle: a -> b -> c -> a "
                            + "(see 'resilience.fake.configs.a.base-config')");
        }

        @Test
        void selfReference() {
            config("a").setBaseConfig("a");

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessageContaining("cycle: a -> a");
        }

        @Test
        void theDefaultConfigCannotHaveABaseConfig() {
            config("default").setBaseConfig("other");
            config("other").setSize(3);

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.configs.default.base-config' (other): the 'default' config "
                            + "cannot have a base-config, every other config inherits from it "
                            + "(cycle: default -> other -> default)");
        }

        @Test
        void missingExceptionClassNamesThePropertyWithItsIndex() {
            instance("x").setIgnoreExceptions(List.of("java.io.IOException", "com.example.NoSuchException"));

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.instances.x.ignore-exceptions[1]' (com.example.NoSuchException): "
                            + "no class of that name on the classpath")
                    .satisfies(e -> assertThat(e.property()).isEqualTo("resilience.fake.instances.x.ignore-exceptions[1]"));
        }

        @Test
        void aClassThatIsNotAnException() {
            instance("x").setIgnoreExceptions(List.of("java.lang.String"));

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessage("Invalid 'resilience.fake.instances.x.ignore-exceptions[0]' (java.lang.String): "
                            + "must be a subclass of java.lang.Throwable");
        }

        @Test
        void anUnusedConfigIsValidatedToo() {
            config("unused").setSize(-1);

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessageStartingWith("Invalid 'resilience.fake.configs.unused.size' (-1)");
        }
    }

    @Nested
    class Customizers {

        @Test
        void areCalledForEveryNameAfterTheProperties() {
            config("default").setSize(3);
            config("shared");
            instance("x").setTag("x");
            List<String> calls = new ArrayList<>();
            customizers.add((name, builder) -> {
                calls.add(name + ":" + builder.size + ":" + builder.tag);
                builder.tag(builder.tag + "+c");
            });

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(calls).containsExactly("default:3:none", "shared:3:none+c", "x:3:x");
            assertThat(resolved.defaultConfig().tag()).isEqualTo("none+c");
            assertThat(resolved.configs().get("shared").tag()).isEqualTo("none+c+c");
            assertThat(resolved.instances().get("x").tag()).isEqualTo("x+c");
        }

        @Test
        void aCustomizationOfTheDefaultIsInherited() {
            instance("x");
            customizers.add(named("default", builder -> builder.size(4)));

            assertThat(resolve().instances().get("x").size()).isEqualTo(4);
        }

        @Test
        void aNamedCustomizerGivesAnUnconfiguredNameItsOwnConfig() {
            config("default").setSize(2);
            customizers.add(named("only-in-code", builder -> builder.tag("code")));

            ResolvedConfigs<FakeConfig, FakeSettings> resolved = resolve();

            assertThat(resolved.instances()).containsOnlyKeys("only-in-code");
            assertThat(resolved.instances().get("only-in-code")).isEqualTo(new FakeConfig(2, Duration.ZERO, List.of(), "code"));
            assertThat(resolved.defaultConfig().tag()).isEqualTo("none");
        }

        @Test
        void anInvalidValueFromACustomizerNamesTheCustomizer() {
            customizers.add(named("default", builder -> builder.size(0)));

            assertThatExceptionOfType(ResilienceConfigurationException.class).isThrownBy(ConfigResolverTests.this::resolve)
                    .withMessageStartingWith("Invalid 'resilience.fake.configs.default.size' (0): must be at least 1 "
                            + "(set by the customizer ")
                    .satisfies(e -> assertThat(e.property()).isNull());
        }

        private ConfigCustomizer<FakeConfig.Builder> named(String name, java.util.function.Consumer<FakeConfig.Builder> action) {
            return new ConfigCustomizer<>() {
                @Override
                public void customize(String n, FakeConfig.Builder builder) {
                    if (n.equals(name)) {
                        action.accept(builder);
                    }
                }

                @Override
                public Set<String> names() {
                    return Set.of(name);
                }
            };
        }
    }

    @Nested
    class Reapplying {

        private final FakeRegistry registry = new FakeRegistry(FakeConfig.ofDefaults());

        @Test
        void reconfiguresExistingInstancesInPlace() {
            config("default").setSize(2);
            config("shared").setSize(3);
            instance("named").setSize(4);
            instance("dropped").setSize(5);
            ResolvedConfigs<FakeConfig, FakeSettings> first = resolve();
            FakeRegistry registry = new FakeRegistry(first.defaultConfig());
            first.applyTo(registry);
            FakeInstance named = registry.get("named");
            FakeInstance dropped = registry.get("dropped");
            FakeInstance onDefault = registry.get("on-default");
            FakeInstance onShared = registry.get("on-shared", "shared");
            FakeInstance own = registry.get("own", new FakeConfig(9, Duration.ZERO, List.of(), "own"));

            config("default").setSize(20);
            config("shared").setSize(30);
            instance("named").setSize(40);
            properties.getInstances().remove("dropped");
            ResolvedConfigs<FakeConfig, FakeSettings> second = resolve();
            second.reapplyTo(registry, first, FakeInstance::config, FakeInstance::name);

            assertThat(registry.get("named")).isSameAs(named);
            assertThat(named.config.size()).isEqualTo(40);
            assertThat(dropped.config.size()).isEqualTo(20);
            assertThat(onDefault.config.size()).isEqualTo(20);
            assertThat(onShared.config.size()).isEqualTo(30);
            assertThat(own.config.size()).isEqualTo(9);
            assertThat(registry.defaultConfig().size()).isEqualTo(20);
            assertThat(registry.get("created-later").config.size()).isEqualTo(20);
            assertThat(named.reconfigurations).isEqualTo(1);
        }

        @Test
        void applyToGivesTheRegistryConfigsAndInstances() {
            config("shared").setSize(3);
            instance("x").setSize(4);

            resolve().applyTo(registry);

            assertThat(registry.config("shared")).get().extracting(FakeConfig::size).isEqualTo(3);
            assertThat(registry.get("x").config.size()).isEqualTo(4);
            assertThat(registry.get("y").config).isEqualTo(FakeConfig.ofDefaults());
        }
    }

    private ResolvedConfigs<FakeConfig, FakeSettings> resolve() {
        return new ConfigResolver<>(FakeConfig.MAPPING, customizers, classLoader()).resolve(properties);
    }

    private static ClassLoader classLoader() {
        return ConfigResolverTests.class.getClassLoader();
    }

    private FakeSettings config(String name) {
        return properties.getConfigs().computeIfAbsent(name, n -> new FakeSettings());
    }

    private FakeSettings instance(String name) {
        return properties.getInstances().computeIfAbsent(name, n -> new FakeSettings());
    }

    /** A pattern's configuration, shaped like the core's: from(parent), builder validation, build() checks. */
    record FakeConfig(int size, Duration delay, List<Class<? extends Throwable>> ignored, String tag) {

        static final PatternMapping<FakeConfig, Builder, FakeSettings> MAPPING = new PatternMapping<>("fake",
                FakeSettings::new, FakeConfig::ofDefaults, FakeConfig::from, Builder::build,
                (settings, builder, level) -> {
                    if (settings.getSize() != null) {
                        builder.size(settings.getSize());
                    }
                    if (settings.getDelay() != null) {
                        builder.delay(settings.getDelay());
                    }
                    if (settings.getIgnoreExceptions() != null) {
                        builder.ignored = level.exceptionClasses("ignore-exceptions", settings.getIgnoreExceptions());
                    }
                    if (settings.getTag() != null) {
                        builder.tag(settings.getTag());
                    }
                });

        static FakeConfig ofDefaults() {
            return new Builder().build();
        }

        static Builder from(FakeConfig base) {
            Builder builder = new Builder();
            builder.size = base.size;
            builder.delay = base.delay;
            builder.ignored = base.ignored;
            builder.tag = base.tag;
            return builder;
        }

        static final class Builder {

            int size = 1;
            Duration delay = Duration.ZERO;
            List<Class<? extends Throwable>> ignored = List.of();
            String tag = "none";

            Builder size(int size) {
                this.size = Checks.atLeast("size", size, 1);
                return this;
            }

            Builder delay(Duration delay) {
                this.delay = Checks.notNegative("delay", delay);
                return this;
            }

            Builder tag(String tag) {
                this.tag = tag;
                return this;
            }

            FakeConfig build() {
                if (tag.equals("conflict") && size > 10) {
                    throw new IllegalStateException("tag 'conflict' needs a size of at most 10, got " + size);
                }
                return new FakeConfig(size, delay, List.copyOf(ignored), tag);
            }
        }
    }

    /** The fake pattern's settings. */
    static class FakeSettings extends InstanceProperties {

        private @Nullable Integer size;
        private @Nullable Duration delay;
        private @Nullable List<String> ignoreExceptions;
        private @Nullable String tag;
        private @Nullable Boolean flag;

        @Nullable Integer getSize() {
            return size;
        }

        void setSize(@Nullable Integer size) {
            this.size = size;
        }

        @Nullable Duration getDelay() {
            return delay;
        }

        void setDelay(@Nullable Duration delay) {
            this.delay = delay;
        }

        @Nullable List<String> getIgnoreExceptions() {
            return ignoreExceptions;
        }

        void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
            this.ignoreExceptions = ignoreExceptions;
        }

        @Nullable String getTag() {
            return tag;
        }

        void setTag(@Nullable String tag) {
            this.tag = tag;
        }

        @Nullable Boolean getFlag() {
            return flag;
        }

        void setFlag(@Nullable Boolean flag) {
            this.flag = flag;
        }
    }

    /** An instance that records its reconfigurations. */
    static final class FakeInstance implements PatternInstance<FakeConfig, Object> {

        final String name;
        FakeConfig config;
        int reconfigurations;

        FakeInstance(String name, FakeConfig config) {
            this.name = name;
            this.config = config;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public FakeConfig config() {
            return config;
        }

        @Override
        public void addListener(Object listener) {
        }

        @Override
        public boolean removeListener(Object listener) {
            return false;
        }

        @Override
        public Object onEvent(EventConsumer consumer) {
            return consumer;
        }
    }

    static final class FakeRegistry extends DefaultRegistry<FakeInstance, FakeConfig, Object> {

        FakeRegistry(FakeConfig defaultConfig) {
            super("fake", defaultConfig, FakeInstance::new, (instance, config) -> {
                instance.config = config;
                instance.reconfigurations++;
            });
        }
    }

}
