package dev.resilience.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata in the jar ({@code META-INF/spring-configuration-metadata.json}), from which IDEs
 * complete and document {@code application.yml}. The configuration processor generates it from the
 * {@code @ConfigurationProperties} classes and their field Javadoc; {@code additional-spring-configuration-metadata.json}
 * adds only hints, defaults the processor cannot compute and the switches that only conditions read.
 *
 * <p>The settings under an instance or config name ({@code resilience.circuit-breaker.instances.<name>.*}) are
 * values of a map, which the processor does not expand: the metadata names the map's value type and IDEs
 * complete the keys under a name from that class, showing its field Javadoc. So that Javadoc is checked here,
 * from the sources, with the same rules as the descriptions in the metadata.
 */
class ConfigurationMetadataTests {

    /** The order of composition of the contract, outermost first. */
    private static final List<String> CONTRACT_ORDER = List.of("fallback", "retry", "circuit-breaker",
            "rate-limiter", "timeout", "bulkhead");

    private static final List<String> CONTRACT_PATTERNS = List.of("circuit-breaker", "retry", "bulkhead",
            "thread-pool-bulkhead", "rate-limiter", "timeout");

    private static final Pattern MAP_TYPE = Pattern.compile("java\\.util\\.Map<java\\.lang\\.String,(.+)>");

    /** A field with its Javadoc: the comment, then any annotations, then the declaration up to its name. */
    private static final Pattern DOCUMENTED_FIELD = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+\\s+)*private\\s+[^;=(]*?(\\w+)\\s*[;=]", Pattern.DOTALL);

    /** The core config of each pattern, whose {@code ofDefaults()} holds the built-in defaults. */
    private static final Map<String, String> CORE_DEFAULTS = Map.of(
            "circuit-breaker", "dev.resilience.circuitbreaker.CircuitBreakerConfig",
            "retry", "dev.resilience.retry.RetryConfig", "bulkhead", "dev.resilience.bulkhead.BulkheadConfig",
            "thread-pool-bulkhead", "dev.resilience.bulkhead.ThreadPoolBulkheadConfig",
            "rate-limiter", "dev.resilience.ratelimiter.RateLimiterConfig",
            "timeout", "dev.resilience.timeout.TimeoutConfig");

    /** "Default: 60s." in a Javadoc: a value of one word (a number, a duration, a constant, "empty"). */
    private static final Pattern STATED_DEFAULT = Pattern.compile("Default: ([\\w.-]+?)\\.$");

    private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

    private static DocumentContext metadata;

    private static Map<String, Map<String, Object>> properties;

    /** Every key the {@code @ConfigurationProperties} classes under 'resilience' bind, {@code *} for a map key. */
    private static Map<String, ResolvableType> bindable;

    @BeforeAll
    static void read() throws IOException {
        // The starter's own file, not the first of the same name on the classpath (Spring Boot's jars have one).
        URL classes = ResilienceProperties.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream in = new URL(classes, "META-INF/spring-configuration-metadata.json").openStream()) {
            metadata = JsonPath.parse(StreamUtils.copyToString(in, StandardCharsets.UTF_8));
        }
        properties = new LinkedHashMap<>();
        List<Map<String, Object>> all = metadata.read("$.properties[*]");
        for (Map<String, Object> property : all) {
            assertThat(properties.put((String) property.get("name"), property)).as("one entry per key").isNull();
        }
        bindable = new TreeMap<>();
        rootTypes().forEach((prefix, type) -> walk(prefix, ResolvableType.forClass(type), bindable));
    }

    // ------------------------------------------------------------------------------------------ descriptions

    @Test
    void everyDescriptionIsASentenceAUserCanRead() {
        List<String> problems = new ArrayList<>();
        properties.forEach((name, property) -> checkSentence("property " + name, property.get("description"),
                problems));
        List<Map<String, Object>> groups = metadata.read("$.groups[*]");
        for (Map<String, Object> group : groups) {
            if (group.containsKey("description")) {
                checkSentence("group " + group.get("name"), group.get("description"), problems);
            }
        }
        List<Map<String, Object>> hints = metadata.read("$.hints[*]");
        for (Map<String, Object> hint : hints) {
            for (Object value : (List<?>) hint.getOrDefault("values", List.of())) {
                Map<?, ?> entry = (Map<?, ?>) value;
                checkSentence("hint " + hint.get("name") + " = " + entry.get("value"), entry.get("description"),
                        problems);
            }
        }
        assertThat(problems).as("descriptions that are not a readable sentence").isEmpty();
    }

    @Test
    void theSettingsUnderAnInstanceNameAreDocumentedOnTheirFieldsAsSentencesWithTheirDefault() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, @Nullable String> settings = settingsJavadoc();
        settings.forEach((name, javadoc) -> {
            checkSentence(name + " (field Javadoc)", javadoc, problems);
            if (javadoc != null && !javadoc.contains("Default: ")) {
                problems.add(name + ": the Javadoc does not say its default ('Default: ...'): " + javadoc);
            }
        });
        assertThat(problems).as("settings under an instance name whose Javadoc is not a readable sentence")
                .isEmpty();
        assertThat(settings).as("settings under configs and instances of the six patterns").hasSizeGreaterThan(100);
    }

    @Test
    void aSharedStoreValueSaysWhichModuleItNeeds() throws IOException {
        for (Class<?> type : List.of(CircuitBreakerProperties.class, RateLimiterProperties.class)) {
            assertThat(fieldJavadoc(type, "store")).as(type.getSimpleName())
                    .contains("redis (", "needs resilience-redis on the classpath", "jdbc (",
                            "needs resilience-jdbc on the classpath", "fails the start", "Default: memory.");
        }
    }

    // ------------------------------------------------------------------------- documented keys = bound keys

    @Test
    void everyBindableKeyIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        bindable.forEach((name, type) -> {
            if (name.contains("*")) {
                return;
            }
            Map<String, Object> property = properties.get(name);
            if (property == null) {
                undocumented.add(name);
            } else if (type.asMap() != ResolvableType.NONE) {
                // The value type is how IDEs complete the keys under a name: it must be the settings class.
                assertThat(property.get("type")).as(name).isEqualTo("java.util.Map<java.lang.String,"
                        + type.asMap().getGeneric(1).resolve().getName() + ">");
            }
        });
        assertThat(undocumented).as("keys a binding reads that the metadata does not document").isEmpty();
        for (String pattern : CONTRACT_PATTERNS) {
            assertThat(bindable).containsKeys("resilience." + pattern + ".configs", "resilience." + pattern
                    + ".instances", "resilience." + pattern + ".instances.*.base-config");
        }
    }

    @Test
    void everyDocumentedKeyBinds() {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> switches = conditionSwitches().keySet();
        properties.forEach((name, property) -> {
            if (!name.startsWith("resilience.")) {
                return;
            }
            ResolvableType type = bindable.get(name);
            if (type == null) {
                if (!switches.contains(name)) {
                    problems.add(name + ": documented, but no binding and no condition reads it");
                }
                return;
            }
            if (type.asMap() == ResolvableType.NONE) {
                values.put(name.replace("*", "sample"), sample(type));
                return;
            }
            // A map of settings: every setting under one name.
            bindable.forEach((leaf, leafType) -> {
                if (leaf.startsWith(name + ".*.")) {
                    values.put(leaf.replace("*", "sample"), sample(leafType));
                }
            });
        });
        Set<String> bound = new TreeSet<>();
        Binder binder = new Binder(new MapConfigurationPropertySource(values));
        rootTypes().forEach((prefix, type) -> binder.bind(prefix, Bindable.of(type), new AbstractBindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                    Object result) {
                bound.add(name.toString());
                return result;
            }
        }));
        values.keySet().stream().filter(key -> !bound.contains(key))
                .forEach(key -> problems.add(key + ": documented, but binding '" + values.get(key) + "' set nothing"));
        assertThat(problems).isEmpty();
        assertThat(values).containsKeys("resilience.circuit-breaker.instances.sample.failure-rate-threshold",
                "resilience.redis.timeout", "resilience.dashboard.enabled", "resilience.events.buffer-size");
    }

    @Test
    void theSwitchesThatOnlyConditionsReadAreDocumentedWithTheConditionsDefault() {
        Map<String, Boolean> switches = conditionSwitches();
        assertThat(switches).containsKeys("resilience.metrics.enabled", "resilience.logging.enabled",
                "resilience.observations.enabled");
        // The health switches are read when the health contributors are registered (PatternHealthRegistrar,
        // as @ConditionalOnEnabledHealthIndicator would), one per health name a descriptor gives.
        switches.put("management.health.resilience.enabled", true);
        switches.put("management.health.resilience-rate-limiters.enabled", true);
        switches.forEach((name, defaultValue) -> {
            Map<String, Object> property = properties.get(name);
            assertThat(property).as(name).isNotNull();
            if (!bindable.containsKey(name)) {
                assertThat(property).as(name).containsEntry("type", "java.lang.Boolean")
                        .containsEntry("defaultValue", defaultValue);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ defaults

    @Test
    void everyDefaultIsTheRealDefault() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> roots = new HashMap<>();
        rootTypes().forEach((prefix, type) -> roots.put(prefix, BeanUtils.instantiateClass(type)));
        bindable.forEach((name, type) -> {
            if (name.contains("*") || type.asMap() != ResolvableType.NONE) {
                return;
            }
            String prefix = roots.keySet().stream().filter(root -> name.startsWith(root + "."))
                    .max((a, b) -> a.length() - b.length()).orElseThrow();
            String path = camelPath(name.substring(prefix.length() + 1));
            Object actual = new BeanWrapperImpl(roots.get(prefix)).getPropertyValue(path);
            Object documented = properties.get(name).get("defaultValue");
            if (name.equals("resilience.aspect-order")) {
                // Empty means the contract's order, which is what the metadata shows.
                assertThat((Collection<?>) actual).as(name).isEmpty();
                assertThat(documented).as(name).isEqualTo(CONTRACT_ORDER);
                return;
            }
            if (actual == null || actual instanceof Collection<?> empty && empty.isEmpty()) {
                if (documented != null && !(documented instanceof List<?> list && list.isEmpty())) {
                    problems.add(name + ": documented default " + documented + ", but there is none");
                }
                return;
            }
            if (documented == null) {
                problems.add(name + ": the default " + actual + " is not in the metadata");
                return;
            }
            Object converted = CONVERSION.convert(documented, ClassUtils.resolvePrimitiveIfNecessary(type.resolve()));
            if (!actual.equals(converted)) {
                problems.add(name + ": documented default " + documented + ", real default " + actual);
            }
        });
        assertThat(problems).isEmpty();
    }

    /**
     * A setting under an instance name has no default of its own in the metadata (unset means inherited): the
     * default its Javadoc states is the one of resilience-core's config, which is checked here.
     */
    @Test
    void theDefaultsTheJavadocStatesUnderAnInstanceNameAreTheCoreDefaults() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, @Nullable String> setting : settingsJavadoc().entrySet()) {
            String name = setting.getKey();
            String javadoc = setting.getValue();
            if (!name.startsWith("resilience.") || !name.contains(".instances.*.")) {
                continue;
            }
            String pattern = name.substring("resilience.".length(), name.indexOf(".instances"));
            Object defaults = CORE_DEFAULTS.containsKey(pattern) ? coreDefaults(CORE_DEFAULTS.get(pattern)) : null;
            Method accessor = accessor(defaults, camel(name.substring(name.lastIndexOf('.') + 1)));
            Matcher stated = STATED_DEFAULT.matcher(javadoc == null ? "" : javadoc);
            if (accessor == null || !stated.find() || !isScalar(ResolvableType.forMethodReturnType(accessor))
                    && !Collection.class.isAssignableFrom(accessor.getReturnType())) {
                continue;
            }
            Object actual = accessor.invoke(defaults);
            String text = stated.group(1);
            if (text.equals("unbounded")) {
                assertThat(actual).as(name).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
                continue;
            }
            boolean same = actual instanceof Collection<?> collection ? text.equals("empty") && collection.isEmpty()
                    : actual instanceof Enum<?> constant
                            ? constant.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)
                            : actual.equals(CONVERSION.convert(text,
                                    ClassUtils.resolvePrimitiveIfNecessary(accessor.getReturnType())));
            if (!same) {
                problems.add(name + ": the Javadoc says 'Default: " + text + "', resilience-core's default is "
                        + actual);
            }
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("settings whose stated default was compared").isGreaterThan(30);
    }

    private static Object coreDefaults(String configClass) throws ReflectiveOperationException {
        return load(configClass).getMethod("ofDefaults").invoke(null);
    }

    /** The accessor of the core config for a setting: the same name, or {@code xEnabled} for {@code enableX}. */
    private static @Nullable Method accessor(@Nullable Object config, String property) {
        if (config == null) {
            return null;
        }
        List<String> names = new ArrayList<>(List.of(property));
        if (property.startsWith("enable")) {
            String rest = property.substring("enable".length());
            names.add(Character.toLowerCase(rest.charAt(0)) + rest.substring(1) + "Enabled");
        }
        for (String candidate : names) {
            Method method = ReflectionUtils.findMethod(config.getClass(), candidate);
            if (method != null && method.getParameterCount() == 0 && method.getReturnType() != void.class) {
                return method;
            }
        }
        return null;
    }

    @Test
    void entriesCarryDescriptionsAndDefaults() {
        assertThat(properties.get("resilience.redis.timeout")).containsEntry("defaultValue", "50ms")
                .containsEntry("type", Duration.class.getName());
        assertThat(properties.get("resilience.jdbc.on-outage")).containsEntry("defaultValue", "local");
        assertThat(properties.get("resilience.jdbc.initialize-schema")).containsEntry("defaultValue", "never");
        assertThat(properties.get("resilience.fail-on-unknown-properties")).containsEntry("defaultValue", true);
        assertThat((String) properties.get("resilience.redis.url").get("description")).contains("redis://");
        assertThat((String) properties.get("resilience.circuit-breaker.instances").get("description"))
                .startsWith("Instances by name");
    }

    @Test
    void mapsOfEachPatternAreTypedWithThePatternsSettings() {
        for (String pattern : CONTRACT_PATTERNS) {
            for (String level : List.of("configs", "instances")) {
                Map<String, Object> property = properties.get("resilience." + pattern + "." + level);
                assertThat(property).as(pattern + "." + level).isNotNull();
                Matcher map = MAP_TYPE.matcher((String) property.get("type"));
                assertThat(map.matches()).as((String) property.get("type")).isTrue();
                assertThat(InstanceProperties.class.isAssignableFrom(load(map.group(1)))).isTrue();
            }
        }
    }

    /**
     * The map values are documented through their type, not as {@code instances.*.x} entries, which Spring
     * Boot's format does not define (IDEs would offer a literal '*' key).
     */
    @Test
    void noEntryUsesAWildcardName() {
        assertThat(properties.keySet()).noneMatch(name -> name.contains("*"));
        List<String> hinted = metadata.read("$.hints[*].name");
        assertThat(hinted).noneMatch(name -> name.contains("*"));
    }

    // -------------------------------------------------------------------------------------------------- hints

    @Test
    void everyHintNamesADocumentedPropertyOrTheKeysOrValuesOfADocumentedMap() {
        List<String> hinted = metadata.read("$.hints[*].name");
        for (String name : hinted) {
            String map = name.replaceFirst("\\.(keys|values)$", "");
            boolean forMap = !map.equals(name) && properties.containsKey(map)
                    && ((String) properties.get(map).get("type")).startsWith("java.util.Map<");
            assertThat(properties.containsKey(name) || forMap).as(name).isTrue();
        }
    }

    @Test
    void hintsForEnumLikeValues() {
        assertThat(hintValues("resilience.aspect-order")).isEqualTo(CONTRACT_ORDER);
        assertThat(hintValues("resilience.jdbc.initialize-schema")).containsExactly("always", "never");
        assertThat(hintValues("resilience.redis.on-outage")).containsExactly("local", "fail-closed");
        for (String pattern : CONTRACT_PATTERNS) {
            assertThat(hintValues("resilience." + pattern + ".configs.keys")).containsExactly("default");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void checkSentence(String what, @Nullable Object description, List<String> problems) {
        String text = description instanceof String string ? string.strip() : "";
        if (text.isEmpty()) {
            problems.add(what + ": no description");
            return;
        }
        for (String forbidden : List.of("@", "{", "class ")) {
            if (text.contains(forbidden)) {
                problems.add(what + ": contains '" + forbidden + "' (source text or a Javadoc tag): " + text);
            }
        }
        if (!Character.isUpperCase(text.codePointAt(0))) {
            problems.add(what + ": does not start with a capital letter: " + text);
        }
        if (!text.endsWith(".")) {
            problems.add(what + ": does not end with a period: " + text);
        }
    }

    /** The {@code @ConfigurationProperties} classes the metadata names at the roots of its groups under 'resilience'. */
    private static Map<String, Class<?>> rootTypes() {
        Map<String, Class<?>> roots = new TreeMap<>();
        List<Map<String, Object>> groups = metadata.read("$.groups[*]");
        for (Map<String, Object> group : groups) {
            String name = (String) group.get("name");
            if (group.get("sourceMethod") == null && (name.equals("resilience") || name.startsWith("resilience."))) {
                roots.put(name, load((String) group.get("type")));
            }
        }
        assertThat(roots).containsKey("resilience");
        return roots;
    }

    /**
     * Collects the keys a binding of {@code type} under {@code prefix} reads, as the binder sees JavaBeans: a
     * scalar by its name, a nested object by its properties, a map of objects by its name and, with {@code *}
     * for the map key, by the properties of its values.
     */
    private static void walk(String prefix, ResolvableType type, Map<String, ResolvableType> keys) {
        Class<?> resolved = type.resolve(Object.class);
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(resolved)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            ResolvableType propertyType = ResolvableType.forMethodReturnType(descriptor.getReadMethod(), resolved);
            String name = prefix + "." + kebab(descriptor.getName());
            if (propertyType.asMap() != ResolvableType.NONE) {
                keys.put(name, propertyType);
                ResolvableType value = propertyType.asMap().getGeneric(1);
                if (!isScalar(value)) {
                    walk(name + ".*", value, keys);
                }
            } else if (isScalar(propertyType)) {
                if (descriptor.getWriteMethod() != null) {
                    keys.put(name, propertyType);
                }
            } else if (propertyType.resolve(Object.class).getName().startsWith("dev.resilience.")) {
                walk(name, propertyType, keys);
            }
        }
    }

    private static boolean isScalar(ResolvableType type) {
        Class<?> resolved = ClassUtils.resolvePrimitiveIfNecessary(type.resolve(Object.class));
        if (Collection.class.isAssignableFrom(resolved)) {
            return isScalar(type.asCollection().getGeneric(0));
        }
        return resolved.isEnum() || Number.class.isAssignableFrom(resolved) || resolved == Boolean.class
                || resolved == String.class || resolved == Duration.class || resolved == Class.class;
    }

    /** A value of the type that binds, for the binding test. */
    private static String sample(ResolvableType type) {
        Class<?> resolved = ClassUtils.resolvePrimitiveIfNecessary(type.resolve(Object.class));
        if (Collection.class.isAssignableFrom(resolved)) {
            return sample(type.asCollection().getGeneric(0));
        }
        if (resolved.isEnum()) {
            return ((Enum<?>) resolved.getEnumConstants()[0]).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (resolved == Boolean.class) {
            return "true";
        }
        if (Number.class.isAssignableFrom(resolved)) {
            return "1";
        }
        return resolved == Duration.class ? "1s" : "sample";
    }

    /**
     * The switches the auto-configurations' conditions read, with the value they assume when unset:
     * {@code @ConditionalOnBooleanProperty}, {@code @ConditionalOnProperty} (names only, default false) and
     * {@code @ConditionalOnEnabledHealthIndicator} ({@code management.health.<name>.enabled}, default true).
     */
    private static Map<String, Boolean> conditionSwitches() {
        Map<String, Boolean> switches = new TreeMap<>();
        String imports = read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        for (String line : imports.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList()) {
            collectSwitches(load(line), switches);
        }
        return switches;
    }

    private static void collectSwitches(Class<?> type, Map<String, Boolean> switches) {
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
        elements.addAll(List.of(type.getDeclaredMethods()));
        for (AnnotatedElement element : elements) {
            MergedAnnotations annotations = MergedAnnotations.from(element, SearchStrategy.DIRECT);
            annotations.stream(ConditionalOnBooleanProperty.class).forEach(condition -> {
                boolean unset = condition.getBoolean("matchIfMissing") == condition.getBoolean("havingValue");
                names(condition).forEach(name -> switches.put(name, unset));
            });
            annotations.stream(ConditionalOnProperty.class).forEach(condition -> names(condition)
                    .forEach(name -> switches.putIfAbsent(name, condition.getBoolean("matchIfMissing"))));
            annotations.stream(ConditionalOnEnabledHealthIndicator.class).forEach(condition -> switches
                    .put("management.health." + condition.getString("value") + ".enabled", true));
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collectSwitches(nested, switches);
        }
    }

    private static List<String> names(MergedAnnotation<?> condition) {
        String prefix = condition.getString("prefix");
        List<String> names = new ArrayList<>(List.of(condition.getStringArray("name")));
        names.addAll(List.of(condition.getStringArray("value")));
        List<String> result = new ArrayList<>();
        for (String name : names) {
            result.add(prefix.isEmpty() ? name : prefix.replaceFirst("\\.$", "") + "." + name);
        }
        return result;
    }

    /** The Javadoc IDEs show for each setting under a config or instance name, by key ({@code *} for the name). */
    private static Map<String, @Nullable String> settingsJavadoc() throws IOException {
        Map<String, @Nullable String> result = new TreeMap<>();
        for (String name : bindable.keySet()) {
            if (name.contains(".*.")) {
                Class<?> settings = bindable.get(name.substring(0, name.indexOf(".*"))).asMap().getGeneric(1)
                        .resolve();
                result.put(name, fieldJavadoc(settings, camel(name.substring(name.lastIndexOf('.') + 1))));
            }
        }
        return result;
    }

    /** The Javadoc of the field behind a property, as the configuration processor reads it, from the sources. */
    private static @Nullable String fieldJavadoc(Class<?> type, String property) throws IOException {
        Field field = ReflectionUtils.findField(type, property);
        assertThat(field).as(type.getName() + "." + property).isNotNull();
        Class<?> declaring = field.getDeclaringClass();
        Path source = Path.of("src/main/java", declaring.getName().replaceFirst("\\$.*", "").replace('.', '/')
                + ".java");
        Matcher matcher = DOCUMENTED_FIELD.matcher(Files.readString(source));
        while (matcher.find()) {
            if (matcher.group(2).equals(property)) {
                return matcher.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ").replaceAll("\\s+", " ").strip();
            }
        }
        return null;
    }

    private static List<String> hintValues(String name) {
        List<String> values = metadata.read("$.hints[?(@.name == '" + name + "')].values[*].value");
        assertThat(values).as(name).isNotEmpty();
        return values;
    }

    private static Class<?> load(String name) {
        try {
            return ClassUtils.forName(name, ConfigurationMetadataTests.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the metadata names a class that does not exist: " + name, e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(resource, e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static String camel(String kebab) {
        StringBuilder result = new StringBuilder();
        for (String part : kebab.split("-")) {
            result.append(result.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return result.toString();
    }

    private static String camelPath(String kebabPath) {
        List<String> parts = new ArrayList<>();
        for (String part : kebabPath.split("\\.")) {
            parts.add(camel(part));
        }
        return String.join(".", parts);
    }
}
