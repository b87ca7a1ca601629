package dev.resilience.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.resilience.spring.boot.autoconfigure.internal.Resilience4jKeys;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;

/**
 * Stops the start when a key under {@code resilience} is read by nothing: a typo, or a resilience4j key that
 * has no counterpart here, would otherwise be ignored without a word (a breaker would then count as
 * successes what the user configured as failures). With {@code resilience.fail-on-unknown-properties=false}
 * it logs one warning per such key instead.
 *
 * <h2>What is known</h2>
 * Nothing here lists the valid keys. A key is known when
 * <ul>
 *   <li>binding a {@code @ConfigurationProperties} class under {@code resilience} used it: this bean is a
 *       {@link ConfigurationPropertiesBindHandlerAdvisor}, so it sees every binding the context does and
 *       records the names bound (and the names the binder tried, for suggestions). Instance and config names
 *       are map keys and always bind;
 *   <li>or it is bound by such a class that this context did not create (the dashboard's properties while
 *       the dashboard is off, the events buffer's without the actuator): the classes are found in the
 *       configuration metadata on the classpath ({@code META-INF/spring-configuration-metadata.json},
 *       generated from the classes) and bound here, on the side, only to learn their names;
 *   <li>or the configuration metadata declares it (switches read by conditions only, such as
 *       {@code resilience.metrics.enabled}).
 * </ul>
 * So a key another module adds to its properties is known without any change here.
 *
 * <h2>Which sources</h2>
 * Like Spring Boot's {@code ignoreUnknownFields = false}, the system environment and system properties are
 * not checked: they are shared by everything on the machine, and an unrelated {@code RESILIENCE_HOME} must not
 * stop an application.
 *
 * <h2>When</h2>
 * Once, after every singleton is created (so every properties bean is bound). The failure is a
 * {@link ResilienceConfigurationException} listing every unknown key with the nearest valid one ("did you
 * mean"), and for resilience4j keys what to use instead.
 */
final class UnknownPropertiesCheck implements ConfigurationPropertiesBindHandlerAdvisor, SmartInitializingSingleton,
        EnvironmentAware, BeanFactoryAware, BeanClassLoaderAware {

    /** The property that turns failures into warnings. */
    static final String FAIL_ON_UNKNOWN_PROPERTIES = ResilienceProperties.PREFIX + ".fail-on-unknown-properties";

    private static final Log logger = LogFactory.getLog(UnknownPropertiesCheck.class);

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ResilienceProperties.PREFIX);

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static final ConfigurationPropertyName RESILIENCE4J = ConfigurationPropertyName.of("resilience4j");

    private static final String RESILIENCE4J_CLASS = "io.github.resilience4j.core.Registry";

    /** Names a binding used (set, or attempted with a bad value: the key exists, its value is reported elsewhere). */
    private final Set<ConfigurationPropertyName> bound = ConcurrentHashMap.newKeySet();

    /** Names the binder tried: every property of every bean it bound, and every map key. For suggestions. */
    private final Set<ConfigurationPropertyName> attempted = ConcurrentHashMap.newKeySet();

    /** The classes bound at the top of a binding, by prefix. */
    private final Map<ConfigurationPropertyName, Class<?>> roots = new ConcurrentHashMap<>();

    /** Set once the check ran: the bindings of a runtime refresh are not tracked. */
    private volatile boolean done;

    private @Nullable Environment environment;

    private @Nullable ListableBeanFactory beanFactory;

    private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ListableBeanFactory listable ? listable : null;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public BindHandler apply(BindHandler bindHandler) {
        return new Tracking(bindHandler);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (done || environment == null) {
            return;
        }
        try {
            check(environment);
        } finally {
            done = true;
            bound.clear();
            attempted.clear();
            roots.clear();
        }
    }

    private void check(Environment environment) {
        warnAboutResilience4jKeys(environment);
        bindLazyPropertiesBeans();
        Metadata metadata = Metadata.read(classLoader);
        bindInactiveRoots(environment, metadata);
        Map<ConfigurationPropertyName, ConfigurationProperty> unknown = unknownProperties(environment, metadata);
        if (unknown.isEmpty()) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        unknown.forEach((name, property) -> problems.add(problem(name, property, metadata)));
        boolean fail = Binder.get(environment).bind(FAIL_ON_UNKNOWN_PROPERTIES, Boolean.class).orElse(true);
        if (!fail) {
            for (Problem problem : problems) {
                logger.warn("Ignoring unknown property '" + problem.key + "'" + problem.originText() + " ("
                        + FAIL_ON_UNKNOWN_PROPERTIES + "=false): " + problem.explanation);
            }
            return;
        }
        throw failure(problems);
    }

    /**
     * Keys still under {@code resilience4j.*} while resilience4j is not on the classpath are read by nothing:
     * not ours to fail on, but one warning saves an afternoon.
     */
    private void warnAboutResilience4jKeys(Environment environment) {
        if (ClassUtils.isPresent(RESILIENCE4J_CLASS, classLoader)) {
            return;
        }
        UnboundElementsSourceFilter checked = new UnboundElementsSourceFilter();
        Set<String> keys = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable && checked.apply(source)) {
                iterable.filter(RESILIENCE4J::isAncestorOf).forEach(name -> keys.add(display(name)));
            }
        }
        if (!keys.isEmpty()) {
            logger.warn(keys.size() + " propert" + (keys.size() == 1 ? "y" : "ies") + " under 'resilience4j' "
                    + "(for example '" + keys.iterator().next() + "') are read by nothing: resilience4j is not on "
                    + "the classpath. This library reads 'resilience.*' (resilience4j.circuitbreaker -> "
                    + "resilience.circuit-breaker, resilience4j.timelimiter -> resilience.timeout, ...); see "
                    + "docs/migrating-from-resilience4j.md.");
        }
    }

    /** Beans created lazily (spring.main.lazy-initialization) are bound now, so their keys are known. */
    private void bindLazyPropertiesBeans() {
        ListableBeanFactory beans = beanFactory;
        if (beans == null) {
            return;
        }
        for (String name : beans.getBeanNamesForAnnotation(ConfigurationProperties.class)) {
            ConfigurationProperties annotation = beans.findAnnotationOnBean(name, ConfigurationProperties.class);
            if (annotation != null && isUnderRoot(annotation.prefix()) && beans.isSingleton(name)) {
                beans.getBean(name);
            }
        }
    }

    /**
     * The {@code @ConfigurationProperties} classes under {@code resilience} that the metadata names but no
     * binding of this context used (their auto-configuration is off): bound here on the side, ignoring their
     * errors, only to learn which names they read.
     */
    private void bindInactiveRoots(Environment environment, Metadata metadata) {
        Binder binder = Binder.get(environment);
        for (String typeName : metadata.rootTypes) {
            Class<?> type = load(typeName);
            if (type == null || roots.containsValue(type)) {
                continue;
            }
            ConfigurationProperties annotation = AnnotatedElementUtils.findMergedAnnotation(type,
                    ConfigurationProperties.class);
            if (annotation == null || !isUnderRoot(annotation.prefix())) {
                continue;
            }
            try {
                binder.bind(annotation.prefix(), Bindable.of(type), new Tracking(new IgnoreErrorsBindHandler()));
            } catch (RuntimeException ignored) {
                // A class the binder cannot create on its own: its keys stay unknown unless the metadata has them.
            }
        }
    }

    private Map<ConfigurationPropertyName, ConfigurationProperty> unknownProperties(Environment environment,
            Metadata metadata) {
        UnboundElementsSourceFilter checked = new UnboundElementsSourceFilter();
        Map<ConfigurationPropertyName, ConfigurationProperty> unknown = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || !checked.apply(source)) {
                continue;
            }
            for (ConfigurationPropertyName name : iterable.filter(ROOT::isAncestorOf)) {
                if (unknown.containsKey(name) || isKnown(name, metadata)) {
                    continue;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null) {
                    unknown.put(name, property);
                }
            }
        }
        return unknown;
    }

    private boolean isKnown(ConfigurationPropertyName name, Metadata metadata) {
        return bound.contains(name) || isOverriddenCollectionElement(name) || metadata.declares(name);
    }

    /**
     * An element of a list that a higher-priority source replaced as a whole: {@code a.list[3]} when
     * {@code a.list} was bound, or {@code a.list[3].x} when {@code a.list[0].x} was (Spring Boot's own rule).
     */
    private boolean isOverriddenCollectionElement(ConfigurationPropertyName name) {
        int last = name.getNumberOfElements() - 1;
        if (name.isLastElementIndexed()) {
            ConfigurationPropertyName list = name.chop(last);
            return bound.contains(list) || attempted.contains(list) && hasBoundDescendant(list);
        }
        for (int i = last - 1; i > 0; i--) {
            if (name.isNumericIndex(i)) {
                ConfigurationPropertyName list = name.chop(i);
                ConfigurationPropertyName first = list.append("[0]");
                for (int j = i + 1; j <= last; j++) {
                    first = first.append(name.getElement(j, Form.ORIGINAL));
                }
                return bound.contains(first);
            }
        }
        return false;
    }

    private boolean hasBoundDescendant(ConfigurationPropertyName name) {
        for (ConfigurationPropertyName candidate : bound) {
            if (name.isAncestorOf(candidate)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------- messages

    private Problem problem(ConfigurationPropertyName name, ConfigurationProperty property, Metadata metadata) {
        String key = display(name);
        Origin origin = property.getOrigin();
        String advice = Resilience4jKeys.adviceFor(name, descriptors());
        int wrong = firstUnknownElement(name);
        ConfigurationPropertyName parent = name.chop(wrong);
        Set<String> candidates = candidates(parent, metadata);
        String typed = name.getElement(wrong, Form.UNIFORM);
        String nearest = nearest(typed, candidates);
        String suggestion = null;
        if (nearest != null) {
            StringBuilder text = new StringBuilder(display(parent)).append('.').append(nearest);
            for (int i = wrong + 1; i < name.getNumberOfElements(); i++) {
                text.append(element(name, i));
            }
            suggestion = text.toString();
        }
        StringBuilder explanation = new StringBuilder();
        if (advice != null) {
            explanation.append("a resilience4j setting: ").append(advice);
            if (suggestion != null && distance(typed, uniform(nearest)) <= 2) {
                explanation.append(" (or did you mean '").append(suggestion).append("'?)");
            }
        } else if (suggestion != null) {
            explanation.append("did you mean '").append(suggestion).append("'?");
        } else if (!candidates.isEmpty()) {
            explanation.append("'").append(element(name, wrong).replaceFirst("^\\.", ""))
                    .append("' is not a key of '").append(display(parent)).append("'; the keys there are ")
                    .append(String.join(", ", candidates));
        } else {
            explanation.append("nothing reads it");
        }
        return new Problem(key, origin, explanation.toString());
    }

    /** Index of the first element of {@code name} whose prefix no binding knows: the misspelt one. */
    private int firstUnknownElement(ConfigurationPropertyName name) {
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            ConfigurationPropertyName prefix = name.chop(i + 1);
            if (!attempted.contains(prefix) && !bound.contains(prefix)) {
                return i;
            }
        }
        return name.getNumberOfElements() - 1;
    }

    /** The keys one level below {@code parent} that a binding tried or the metadata declares, dashed. */
    private Set<String> candidates(ConfigurationPropertyName parent, Metadata metadata) {
        Set<String> result = new TreeSet<>();
        int depth = parent.getNumberOfElements() + 1;
        for (Set<ConfigurationPropertyName> names : List.of(attempted, bound)) {
            for (ConfigurationPropertyName candidate : names) {
                if (candidate.getNumberOfElements() >= depth && parent.isAncestorOf(candidate)
                        && !candidate.isNumericIndex(depth - 1)) {
                    result.add(candidate.getElement(depth - 1, Form.DASHED));
                }
            }
        }
        for (String declared : metadata.names) {
            String[] elements = declared.split("\\.");
            if (metadata.matchesPrefix(elements, parent) && !elements[depth - 1].equals("*")) {
                result.add(elements[depth - 1]);
            }
        }
        return result;
    }

    private static @Nullable String nearest(String typed, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed, uniform(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A suggestion farther than a third of the word is a guess, not a typo.
        return best != null && bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Spring Boot's uniform form of one element: lower case letters and digits only. */
    private static String uniform(String element) {
        StringBuilder result = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                result.append(Character.toLowerCase(c));
            }
        }
        return result.toString();
    }

    /** The name as written (original case), map keys that need it in brackets. */
    private static String display(ConfigurationPropertyName name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            text.append(i == 0 ? name.getElement(0, Form.ORIGINAL) : element(name, i));
        }
        return text.toString();
    }

    private static String element(ConfigurationPropertyName name, int index) {
        String original = name.getElement(index, Form.ORIGINAL);
        boolean bracketed = name.isNumericIndex(index) || !original.matches("[A-Za-z0-9_-]+");
        return bracketed ? "[" + original + "]" : "." + original;
    }

    /** The pattern descriptors: which groups are patterns, and their advice for keys they do not have. */
    private List<PatternDescriptor<?, ?>> descriptors() {
        ListableBeanFactory beans = beanFactory;
        return beans == null ? List.of() : RegistryPatternInstances.descriptors(beans);
    }

    private static ResilienceConfigurationException failure(List<Problem> problems) {
        String action = "Fix or remove the key" + (problems.size() == 1 ? "" : "s")
                + " (IDEs complete the valid keys from the configuration metadata), or set '"
                + FAIL_ON_UNKNOWN_PROPERTIES + "=false' to only log a warning per unknown key.";
        if (problems.size() == 1) {
            Problem problem = problems.get(0);
            return new ResilienceConfigurationException("Unknown property '" + problem.key + "': nothing under '"
                    + ResilienceProperties.PREFIX + "' reads it; " + problem.explanation, action, problem.key, null);
        }
        problems.sort(Comparator.comparing(problem -> problem.key));
        StringBuilder description = new StringBuilder().append(problems.size())
                .append(" unknown properties: nothing under '").append(ResilienceProperties.PREFIX)
                .append("' reads them");
        for (Problem problem : problems) {
            description.append("\n  - '").append(problem.key).append("'").append(problem.originText()).append(": ")
                    .append(problem.explanation);
        }
        return new ResilienceConfigurationException(description.toString(), action, null, null);
    }

    private @Nullable Class<?> load(String typeName) {
        try {
            return ClassUtils.forName(typeName, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean isUnderRoot(String prefix) {
        if (prefix.isEmpty()) {
            return false;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(prefix, '.');
        return ROOT.equals(name) || ROOT.isAncestorOf(name);
    }

    private static boolean isUnderRoot(ConfigurationPropertyName name) {
        return ROOT.equals(name) || ROOT.isAncestorOf(name);
    }

    /** One unknown key and what to say about it. */
    private record Problem(String key, @Nullable Origin origin, String explanation) {

        /** Where the key was written, when the source knows a place (a file and line) rather than only its name. */
        String originText() {
            return origin == null || origin instanceof PropertySourceOrigin ? "" : " (" + origin + ")";
        }
    }

    /** Records, for the check, what a binding under {@code resilience} did; passes everything on unchanged. */
    private final class Tracking extends AbstractBindHandler {

        Tracking(BindHandler parent) {
            super(parent);
        }

        @Override
        public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
                BindContext context) {
            if (!done && isUnderRoot(name)) {
                attempted.add(name);
                Class<?> type = target.getType().resolve();
                if (context.getDepth() == 0 && type != null) {
                    roots.put(name, type);
                }
            }
            return super.onStart(name, target, context);
        }

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            if (!done && isUnderRoot(name)) {
                bound.add(name);
            }
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) throws Exception {
            if (!done && isUnderRoot(name)) {
                bound.add(name);
            }
            return super.onFailure(name, target, context, error);
        }
    }

    /**
     * What the configuration metadata on the classpath says about {@code resilience}: the classes bound at
     * its groups' roots and every property name it declares ({@code *} standing for a map key).
     */
    private static final class Metadata {

        final Set<String> rootTypes = new LinkedHashSet<>();

        final Set<String> names = new LinkedHashSet<>();

        private final Set<ConfigurationPropertyName> exact = new LinkedHashSet<>();

        private final List<String[]> wildcards = new ArrayList<>();

        @SuppressWarnings("unchecked")
        static Metadata read(ClassLoader classLoader) {
            Metadata metadata = new Metadata();
            try {
                Enumeration<URL> resources = classLoader.getResources(METADATA);
                while (resources.hasMoreElements()) {
                    Map<String, Object> json;
                    try (InputStream in = resources.nextElement().openStream()) {
                        json = JsonParserFactory.getJsonParser()
                                .parseMap(StreamUtils.copyToString(in, StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException unreadable) {
                        continue;
                    }
                    for (Object group : (List<Object>) json.getOrDefault("groups", List.of())) {
                        Map<String, Object> entry = (Map<String, Object>) group;
                        if (entry.get("sourceMethod") == null && entry.get("type") instanceof String type
                                && entry.get("name") instanceof String name && isUnderRoot(name)) {
                            metadata.rootTypes.add(type);
                        }
                    }
                    for (Object property : (List<Object>) json.getOrDefault("properties", List.of())) {
                        if (((Map<String, Object>) property).get("name") instanceof String name
                                && (name.equals(ResilienceProperties.PREFIX)
                                        || name.startsWith(ResilienceProperties.PREFIX + "."))) {
                            metadata.add(name);
                        }
                    }
                }
            } catch (IOException unreadable) {
                // No metadata: only what the bindings saw is known.
            }
            return metadata;
        }

        private void add(String name) {
            names.add(name);
            if (name.contains("*")) {
                wildcards.add(name.split("\\."));
            } else if (ConfigurationPropertyName.isValid(name)) {
                exact.add(ConfigurationPropertyName.of(name));
            }
        }

        boolean declares(ConfigurationPropertyName name) {
            if (exact.contains(name)) {
                return true;
            }
            for (String[] pattern : wildcards) {
                if (matches(pattern, name, pattern.length)) {
                    return true;
                }
            }
            return false;
        }

        boolean matchesPrefix(String[] pattern, ConfigurationPropertyName prefix) {
            return pattern.length > prefix.getNumberOfElements()
                    && matches(pattern, prefix, prefix.getNumberOfElements());
        }

        /** Whether the first {@code length} elements of {@code pattern} match all of {@code name}'s. */
        private static boolean matches(String[] pattern, ConfigurationPropertyName name, int length) {
            if (name.getNumberOfElements() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (!pattern[i].equals("*") && !uniform(pattern[i]).equals(name.getElement(i, Form.UNIFORM))) {
                    return false;
                }
            }
            return true;
        }
    }
}
