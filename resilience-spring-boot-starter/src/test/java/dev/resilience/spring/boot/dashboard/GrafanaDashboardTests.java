package dev.resilience.spring.boot.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.metrics.BulkheadMetrics;
import dev.resilience.spring.boot.metrics.CircuitBreakerMetrics;
import dev.resilience.spring.boot.metrics.FallbackMetrics;
import dev.resilience.spring.boot.metrics.RateLimiterMetrics;
import dev.resilience.spring.boot.metrics.RetryMetrics;
import dev.resilience.spring.boot.metrics.TimeoutMetrics;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/grafana/resilience-dashboard.json} from rotting: every metric a query reads is a meter of the
 * contract in its Prometheus form, every label it filters or groups by is a tag of that meter (or a label
 * Prometheus adds when it scrapes), every tag value it names is one the contract lists, and every meter of the
 * contract is on the dashboard. And all of those are in a real Prometheus scrape of the starter's meters, so
 * the dashboard also keeps up with how the meters are registered and named.
 *
 * <p>The meters are those of CONTRACT.md, "Micrometer metrics". Their Prometheus names follow Micrometer's
 * naming convention: dots become underscores, counters end in {@code _total}, timers in
 * {@code _seconds_count}, {@code _seconds_sum} and {@code _seconds_max}, gauges keep their name.
 */
class GrafanaDashboardTests {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "resilience-dashboard.json");

    /** Labels Prometheus itself adds to every scraped series. */
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

    private static final Map<String, Meter> CONTRACT_METERS = meters(
            new Meter("resilience.circuitbreaker.calls", Type.TIMER,
                    Map.of("kind", Set.of("successful", "failed", "ignored", "not_permitted"))),
            new Meter("resilience.circuitbreaker.state", Type.GAUGE,
                    Map.of("state", Set.of("closed", "open", "half_open", "forced_open", "disabled", "metrics_only"))),
            new Meter("resilience.circuitbreaker.failure.rate", Type.GAUGE, Map.of()),
            new Meter("resilience.circuitbreaker.slow.call.rate", Type.GAUGE, Map.of()),
            new Meter("resilience.retry.calls", Type.COUNTER, Map.of("kind", Set.of("successful_without_retry",
                    "successful_with_retry", "failed_without_retry", "failed_with_retry"))),
            new Meter("resilience.bulkhead.available.concurrent.calls", Type.GAUGE, Map.of()),
            new Meter("resilience.bulkhead.max.allowed.concurrent.calls", Type.GAUGE, Map.of()),
            new Meter("resilience.bulkhead.calls", Type.COUNTER, Map.of("kind", Set.of("permitted", "rejected"))),
            new Meter("resilience.ratelimiter.available.permissions", Type.GAUGE, Map.of()),
            new Meter("resilience.ratelimiter.calls", Type.COUNTER, Map.of("kind", Set.of("permitted", "rejected"))),
            new Meter("resilience.timeout.calls", Type.COUNTER,
                    Map.of("kind", Set.of("successful", "failed", "timed_out"))),
            new Meter("resilience.fallback.calls", Type.COUNTER, Map.of("method", Set.of())));

    /** A metric name in a query: {@code resilience_} and at least one more letter (not {@code resilience_.+}). */
    private static final Pattern METRIC = Pattern.compile("\\bresilience_[a-z][a-z0-9_]*");

    /** A selector {@code metric{...}}. */
    private static final Pattern SELECTOR = Pattern.compile("(resilience_[a-z][a-z0-9_]*)\\s*\\{([^}]*)}");

    /** One label matcher inside a selector. */
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    /** {@code by (...)} and {@code without (...)} grouping clauses. */
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");

    private static DocumentContext dashboard;

    private static List<String> queries;

    @BeforeAll
    static void read() throws IOException {
        dashboard = JsonPath.parse(Files.readString(DASHBOARD));
        queries = dashboard.read("$..targets[*].expr");
    }

    @Test
    void everyMetricAQueryReadsIsAContractMeter() {
        assertThat(queries).isNotEmpty();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                assertThat(meterOf(metric.group())).as("'%s' in the query %s", metric.group(), query).isNotNull();
            }
        }
    }

    @Test
    void everyContractMeterIsOnTheDashboard() {
        Set<String> shown = new HashSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                Meter meter = meterOf(metric.group());
                if (meter != null) {
                    shown.add(meter.name());
                }
            }
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(CONTRACT_METERS.keySet());
    }

    @Test
    void everyLabelMatchedIsATagOfTheMeterWithAValueTheContractLists() {
        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Meter meter = meterOf(selector.group(1));
                if (meter == null) {
                    continue; // reported by everyMetricAQueryReadsIsAContractMeter
                }
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String label = matcher.group(1);
                    String value = matcher.group(3);
                    assertThat(meter.labels()).as("label '%s' of %s in %s", label, meter.name(), query).contains(label);
                    Set<String> allowed = meter.tags().get(label);
                    if (allowed == null || allowed.isEmpty() || value.startsWith("$")) {
                        continue;
                    }
                    List<String> values = matcher.group(2).endsWith("~") ? List.of(value.split("\\|")) : List.of(value);
                    assertThat(allowed).as("values of '%s' of %s in %s", label, meter.name(), query)
                            .containsAll(values);
                }
            }
        }
    }

    @Test
    void everyLabelGroupedByIsATagOfTheMetersItGroups() {
        for (String query : queries) {
            Set<String> labels = new HashSet<>(SCRAPE_LABELS);
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                Meter meter = meterOf(metric.group());
                if (meter != null) {
                    labels.addAll(meter.labels());
                }
            }
            Matcher grouping = GROUPING.matcher(query);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    assertThat(labels).as("grouping by '%s' in %s", label.trim(), query).contains(label.trim());
                }
            }
        }
    }

    @Test
    void everyQueryOfANamedMeterFollowsTheNameVariable() {
        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Meter meter = meterOf(selector.group(1));
                if (meter == null || meter.name().equals("resilience.fallback.calls")) {
                    continue; // by method: a fallback is not a named pattern instance
                }
                assertThat(selector.group(2)).as("selector of %s in %s", meter.name(), query)
                        .contains("name=~\"$name\"", "job=~\"$job\"", "instance=~\"$instance\"");
            }
        }
    }

    @Test
    void hasANameVariableOverTheResilienceMetricsAndADataSourceVariable() {
        List<Map<String, Object>> name = dashboard.read("$.templating.list[?(@.name == 'name')]");
        assertThat(name).hasSize(1);
        assertThat(name.get(0)).containsEntry("type", "query").containsEntry("multi", true)
                .containsEntry("includeAll", true).containsEntry("allValue", ".*");
        assertThat((String) name.get(0).get("definition")).startsWith("label_values({__name__=~\"resilience_.+\"")
                .endsWith(", name)");
        List<Map<String, Object>> datasource = dashboard.read("$.templating.list[?(@.name == 'datasource')]");
        assertThat(datasource).singleElement().satisfies(variable -> assertThat(variable)
                .containsEntry("type", "datasource").containsEntry("query", "prometheus"));
    }

    @Test
    void isAnImportableDashboard() {
        assertThat((String) dashboard.read("$.uid")).isEqualTo("dev-resilience");
        assertThat((String) dashboard.read("$.title")).isNotBlank();
        assertThat((Integer) dashboard.read("$.schemaVersion")).isGreaterThanOrEqualTo(36);
        List<Integer> ids = dashboard.read("$..panels[*].id");
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(10);
        List<Map<String, Object>> positions = dashboard.read("$..panels[*].gridPos");
        assertThat(positions).hasSameSizeAs(ids).allSatisfy(position -> assertThat(position).containsKeys("x", "y", "w", "h"));
        List<String> dataSources = dashboard.read("$..datasource.uid");
        assertThat(new LinkedHashSet<>(dataSources)).containsExactlyInAnyOrder("${datasource}", "-- Grafana --");
    }

    @Test
    void everyMetricLabelAndTagValueIsInAPrometheusScrapeOfTheStartersMeters() {
        Map<String, Map<String, Set<String>>> scraped = scrapeOfEveryPattern();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                assertThat(scraped).as("'%s' of %s in a scrape", metric.group(), query).containsKey(metric.group());
            }
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Map<String, Set<String>> labels = scraped.get(selector.group(1));
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String label = matcher.group(1);
                    if (SCRAPE_LABELS.contains(label)) {
                        continue;
                    }
                    assertThat(labels).as("label '%s' of %s in %s", label, selector.group(1), query).containsKey(label);
                    String value = matcher.group(3);
                    if (!value.startsWith("$") && matcher.group(2).startsWith("=")) {
                        List<String> values = matcher.group(2).equals("=~") ? List.of(value.split("\\|")) : List.of(value);
                        assertThat(labels.get(label)).as("values of '%s' of %s in %s", label, selector.group(1), query)
                                .containsAll(values);
                    }
                }
            }
        }
    }

    /**
     * The series of a Prometheus scrape of the starter's meter binders, one instance of each pattern: metric
     * name, then each label's values. Names and suffixes are Micrometer's Prometheus registry's own.
     */
    private static Map<String, Map<String, Set<String>>> scrapeOfEveryPattern() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        circuitBreakers.get("payments");
        new CircuitBreakerMetrics(circuitBreakers).bindTo(prometheus);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        retries.get("payments");
        new RetryMetrics(retries).bindTo(prometheus);
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        bulkheads.get("payments");
        new BulkheadMetrics(bulkheads).bindTo(prometheus);
        RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
        rateLimiters.get("payments");
        new RateLimiterMetrics(rateLimiters).bindTo(prometheus);
        TimeoutRegistry timeouts = TimeoutRegistry.ofDefaults();
        timeouts.get("payments");
        new TimeoutMetrics(timeouts).bindTo(prometheus);
        new FallbackMetrics(prometheus).forMethod("Payments#charge");

        Map<String, Map<String, Set<String>>> series = new HashMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String text : prometheus.scrape().split("\n")) {
            Matcher sample = line.matcher(text);
            if (text.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, Set<String>> labels = series.computeIfAbsent(sample.group(1), name -> new HashMap<>());
            if (sample.group(2) != null) {
                Matcher pair = label.matcher(sample.group(2));
                while (pair.find()) {
                    labels.computeIfAbsent(pair.group(1), key -> new HashSet<>()).add(pair.group(2));
                }
            }
        }
        return series;
    }

    /** The contract meter a Prometheus metric name comes from, or {@code null}. */
    private static Meter meterOf(String prometheusName) {
        for (Meter meter : CONTRACT_METERS.values()) {
            if (meter.prometheusNames().contains(prometheusName)) {
                return meter;
            }
        }
        return null;
    }

    private static Map<String, Meter> meters(Meter... meters) {
        Map<String, Meter> byName = new LinkedHashMap<>();
        for (Meter meter : meters) {
            byName.put(meter.name(), meter);
        }
        return byName;
    }

    private enum Type {
        TIMER, COUNTER, GAUGE
    }

    /** A meter of the contract: every one has the tag {@code name} (except fallbacks, tagged by method). */
    private record Meter(String name, Type type, Map<String, Set<String>> tags) {

        List<String> prometheusNames() {
            String base = name.replace('.', '_');
            return switch (type) {
                case TIMER -> List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
                case COUNTER -> List.of(base + "_total");
                case GAUGE -> List.of(base);
            };
        }

        Set<String> labels() {
            Set<String> labels = new HashSet<>(SCRAPE_LABELS);
            labels.addAll(tags.keySet());
            if (!name.equals("resilience.fallback.calls")) {
                labels.add("name");
            }
            return labels;
        }
    }
}
