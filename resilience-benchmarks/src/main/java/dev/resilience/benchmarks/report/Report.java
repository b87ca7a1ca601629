package dev.resilience.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one JMH run (its {@code -rf json} output) into the figures the module README shows: a Markdown table
 * per group (ours, resilience4j and Failsafe side by side, ns/op with JMH's error and bytes per call), the
 * verdict on each of the project's performance targets, and one PNG bar chart per group.
 *
 * <pre>
 * java -cp resilience-benchmarks/target/benchmarks.jar dev.resilience.benchmarks.report.Report \
 *     RESULTS.json OUTPUT_DIR [--readme README.md] [--command "..."] [--note "..."]
 * </pre>
 *
 * Writes {@code OUTPUT_DIR/results.md}, {@code OUTPUT_DIR/core.png} and {@code OUTPUT_DIR/annotations.png};
 * with {@code --readme}, also replaces the part of that file between {@value #START} and {@value #END}.
 * Only figures of the one given run are compared, as JMH's own advice (and the machines' noise) require.
 */
public final class Report {

    static final String START = "<!-- results:start -->";
    static final String END = "<!-- results:end -->";

    private static final String CB = "dev.resilience.benchmarks.CircuitBreakerBenchmark.";
    private static final String RETRY = "dev.resilience.benchmarks.RetryBenchmark.";
    private static final String BULKHEAD = "dev.resilience.benchmarks.BulkheadBenchmark.";
    private static final String LIMITER = "dev.resilience.benchmarks.RateLimiterBenchmark.";
    private static final String KEYED = "dev.resilience.benchmarks.KeyedRateLimiterBenchmark.";
    private static final String PIPELINE = "dev.resilience.benchmarks.PipelineBenchmark.";
    private static final String TIMEOUT = "dev.resilience.benchmarks.TimeoutBenchmark.";
    private static final String ANNOTATION = "dev.resilience.benchmarks.AnnotationBenchmark.";

    /**
     * One line of a table: a label, the benchmark of each library ({@code null}: none), and the label of its bars
     * in the chart ({@code null}: not charted).
     */
    record Row(String label, String ours, String resilience4j, String failsafe, String chart) {
    }

    static final List<Row> CORE = List.of(
            new Row("circuit breaker, success", CB + "success_ours", CB + "success_resilience4j",
                    CB + "success_failsafe", "breaker"),
            new Row("circuit breaker, success, 2 threads on one breaker", CB + "shared2_success_ours",
                    CB + "shared2_success_resilience4j", CB + "shared2_success_failsafe", "breaker, 2 threads"),
            new Row("circuit breaker, failure recorded", CB + "failure_ours", CB + "failure_resilience4j",
                    CB + "failure_failsafe", "breaker failure"),
            new Row("circuit breaker, OPEN rejection", CB + "open_ours", CB + "open_resilience4j",
                    CB + "open_failsafe", "OPEN rejection"),
            new Row("retry, success on 1st attempt", RETRY + "ours_executeSupplier",
                    RETRY + "resilience4j_executeSupplier", RETRY + "failsafe_get", "retry"),
            new Row("retry, 2 threads", RETRY + "ours_decoratedSupplier_2threads",
                    RETRY + "resilience4j_decoratedSupplier_2threads", RETRY + "failsafe_get_2threads",
                    "retry, 2 threads"),
            new Row("semaphore bulkhead", BULKHEAD + "ours", BULKHEAD + "resilience4j", BULKHEAD + "failsafe",
                    "bulkhead"),
            new Row("semaphore bulkhead, 2 threads", BULKHEAD + "ours2Threads", BULKHEAD + "resilience4j2Threads",
                    BULKHEAD + "failsafe2Threads", "bulkhead, 2 threads"),
            new Row("rate limiter (never blocks)", LIMITER + "ours", LIMITER + "resilience4j", LIMITER + "failsafe",
                    "rate limiter"),
            new Row("rate limiter, 2 threads", LIMITER + "ours2Threads", LIMITER + "resilience4j2Threads",
                    LIMITER + "failsafe2Threads", "rate limiter, 2 threads"),
            new Row("keyed rate limiter, 1,000 keys (r4j: a limiter per key in a map)", KEYED + "hit",
                    KEYED + "resilience4jPerKey", null, null),
            new Row("retry + breaker + limiter + bulkhead", PIPELINE + "ours", PIPELINE + "resilience4j",
                    PIPELINE + "failsafe", "four composed"),
            new Row("retry + breaker + limiter + bulkhead, 2 threads", PIPELINE + "ours2Threads",
                    PIPELINE + "resilience4j2Threads", PIPELINE + "failsafe2Threads", "four composed, 2 threads"),
            new Row("async timeout, stage completes after return", TIMEOUT + "asyncOursPending",
                    TIMEOUT + "asyncResilience4jPending", TIMEOUT + "asyncFailsafePending", "async timeout"),
            new Row("async timeout, stage already complete", TIMEOUT + "asyncOursCompleted",
                    TIMEOUT + "asyncResilience4jCompleted", TIMEOUT + "asyncFailsafeCompleted", null),
            new Row("sync timeout (ours: caller mode; r4j: future on an executor)", TIMEOUT + "syncOursCaller",
                    TIMEOUT + "syncResilience4j", TIMEOUT + "syncFailsafe", "sync timeout"),
            new Row("sync timeout, worker mode (a thread hand-off)", TIMEOUT + "syncOursWorker", null, null, null),
            new Row("diagnostic: breaker with Ticker.system() (two nanoTime reads)", CB + "success_oursPreciseTicker",
                    null, null, null),
            new Row("diagnostic: breaker with a constant ticker", CB + "success_oursWithoutClock", null, null, null),
            new Row("floor: the bare supplier", CB + "success_direct", null, null, null));

    static final List<Row> ANNOTATIONS = List.of(
            new Row("nothing, called directly", ANNOTATION + "plain_direct", null, null, null),
            new Row("nothing, through the proxy (the floor)", ANNOTATION + "plain_proxy", null, null, "proxy floor"),
            new Row("@CircuitBreaker", ANNOTATION + "circuitBreaker", ANNOTATION + "r4j_circuitBreaker", null,
                    "@CircuitBreaker"),
            new Row("@Retry", ANNOTATION + "retry", ANNOTATION + "r4j_retry", null, "@Retry"),
            new Row("@Bulkhead", ANNOTATION + "bulkhead", ANNOTATION + "r4j_bulkhead", null, "@Bulkhead"),
            new Row("@RateLimit", ANNOTATION + "rateLimit", ANNOTATION + "r4j_rateLimiter", null, "@RateLimit"),
            new Row("@Fallback", ANNOTATION + "fallback", null, null, "@Fallback"),
            new Row("@Timeout (caller mode)", ANNOTATION + "timeout", null, null, "@Timeout"),
            new Row("@Timeout (worker mode)", ANNOTATION + "timeoutWorker", null, null, null),
            new Row("@Retry @CircuitBreaker @RateLimit @Bulkhead", ANNOTATION + "stackedFour",
                    ANNOTATION + "r4j_stackedFour", null, "four stacked"),
            new Row("the same + @Fallback", ANNOTATION + "stackedWithoutTimeout", null, null, null),
            new Row("all six (+ @Timeout, caller mode)", ANNOTATION + "stackedAllSix", null, null, "all six stacked"));

    /** One benchmark's figures. */
    record Figure(double score, double error, double bytes) {
        String time() {
            return format(score) + " ± " + format(error) + " ns";
        }

        String allocation() {
            return Double.isNaN(bytes) ? "–" : bytesText(bytes);
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private String jdk = "?";
    private String jmh = "?";
    private String settings = "?";

    Report(JsonNode run) {
        for (JsonNode benchmark : run) {
            JsonNode primary = benchmark.path("primaryMetric");
            JsonNode norm = benchmark.path("secondaryMetrics").path("gc.alloc.rate.norm");
            double bytes = norm.isMissingNode() ? Double.NaN : norm.path("score").asDouble();
            figures.put(benchmark.path("benchmark").asString(), new Figure(primary.path("score").asDouble(),
                    errorOf(primary), bytes));
            jdk = benchmark.path("vmName").asString() + " " + benchmark.path("jdkVersion").asString();
            jmh = benchmark.path("jmhVersion").asString();
            settings = benchmark.path("forks").asInt() + " fork, " + benchmark.path("warmupIterations").asInt()
                    + " × " + benchmark.path("warmupTime").asString() + " warm-up, "
                    + benchmark.path("measurementIterations").asInt() + " × "
                    + benchmark.path("measurementTime").asString() + " measurement";
        }
    }

    /** JMH writes "NaN" for the error of a single iteration. */
    private static double errorOf(JsonNode primary) {
        JsonNode error = primary.path("scoreError");
        return error.isNumber() ? error.asDouble() : Double.NaN;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println(
                    "usage: Report RESULTS.json OUTPUT_DIR [--readme README.md] [--command CMD] [--note TEXT]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path readme = null;
        String command = null;
        String note = null;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--readme" -> readme = Path.of(args[i + 1]);
                case "--command" -> command = args[i + 1];
                case "--note" -> note = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Report report = new Report(JsonMapper.builder().build().readTree(json));
        Files.createDirectories(out);
        String date = Files.getLastModifiedTime(json).toInstant().toString().substring(0, 10);
        String markdown = report.markdown(date, command, note);
        Files.writeString(out.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        report.chart("Core patterns, programmatic API (ns/op, log scale; lower is better)", CORE, true,
                out.resolve("core.png"));
        report.chart("Annotation path, Spring Boot 4.1 CGLIB proxy (ns/op, log scale; lower is better)",
                ANNOTATIONS, false, out.resolve("annotations.png"));
        if (readme != null) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            int start = text.indexOf(START);
            int end = text.indexOf(END);
            if (start < 0 || end < start) {
                throw new IllegalStateException(readme + " has no " + START + " ... " + END + " section");
            }
            String replaced = text.substring(0, start + START.length()) + "\n" + markdown + text.substring(end);
            Files.writeString(readme, replaced, StandardCharsets.UTF_8);
        }
        System.out.println(markdown);
    }

    // ------------------------------------------------------------------------------------------------ tables

    String markdown(String date, String command, String note) {
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(date).append(", ").append(jdk).append(", JMH ").append(jmh).append(", ")
                .append(settings).append(", `-prof gc`, ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs").append(command == null ? "" : ":\n`" + command + "`").append("\n\n");
        if (note != null) {
            md.append(note).append("\n\n");
        }
        md.append("ns/op ± JMH's 99.9 % error; B = bytes allocated per call (`gc.alloc.rate.norm`).\n\n");
        md.append("| path | ours | resilience4j 2.4.0 | Failsafe 3.3.2 | ours / r4j |\n");
        md.append("|---|---|---|---|---|\n");
        for (Row row : CORE) {
            Figure ours = figures.get(row.ours());
            if (ours == null) {
                continue;
            }
            Figure r4j = row.resilience4j() == null ? null : figures.get(row.resilience4j());
            Figure failsafe = row.failsafe() == null ? null : figures.get(row.failsafe());
            md.append("| ").append(row.label()).append(" | ").append(cell(ours)).append(" | ").append(cell(r4j))
                    .append(" | ").append(cell(failsafe)).append(" | ")
                    .append(r4j == null ? "" : format(ours.score() / r4j.score()) + "×").append(" |\n");
        }
        md.append("\n| on the method (annotation path) | ours | over the proxy floor | resilience4j 2.4.0 |\n");
        md.append("|---|---|---|---|\n");
        Figure floor = figures.get(ANNOTATION + "plain_proxy");
        for (Row row : ANNOTATIONS) {
            Figure ours = figures.get(row.ours());
            if (ours == null) {
                continue;
            }
            Figure r4j = row.resilience4j() == null ? null : figures.get(row.resilience4j());
            String over = floor == null || row.ours().endsWith("plain_direct") || row.ours().endsWith("plain_proxy")
                    ? "" : signed(ours.score() - floor.score()) + " ns";
            md.append("| ").append(row.label()).append(" | ").append(cell(ours)).append(" | ").append(over)
                    .append(" | ").append(cell(r4j)).append(" |\n");
        }
        md.append("\n").append(targets()).append("\n");
        md.append("![core patterns](results/core.png)\n\n![annotation path](results/annotations.png)\n");
        return md.toString();
    }

    private static String cell(Figure figure) {
        return figure == null ? "" : figure.time() + ", " + figure.allocation();
    }

    /** The issue's targets, each with the figures of this run and whether it is met. */
    String targets() {
        StringBuilder md = new StringBuilder("| target | this run | met |\n|---|---|---|\n");
        ratio(md, "breaker success ≤ 0.5× resilience4j", CB + "success_ours", CB + "success_resilience4j", 0.5);
        ratio(md, "rate limiter ≤ 0.5× resilience4j", LIMITER + "ours", LIMITER + "resilience4j", 0.5);
        ratio(md, "retry ≤ 0.5× resilience4j", RETRY + "ours_executeSupplier", RETRY + "resilience4j_executeSupplier",
                0.5);
        ratio(md, "four composed ≤ 0.5× resilience4j", PIPELINE + "ours", PIPELINE + "resilience4j", 0.5);
        ratio(md, "semaphore bulkhead ≤ 1.0× resilience4j", BULKHEAD + "ours", BULKHEAD + "resilience4j", 1.0);
        ratio(md, "2 threads on one breaker ≤ 1.25× 1 thread", CB + "shared2_success_ours", CB + "success_ours", 1.25);
        Figure direct1 = figures.get(CB + "success_direct");
        Figure direct2 = figures.get(CB + "shared2_success_direct");
        if (direct1 != null && direct2 != null) {
            md.append("| (the same for the bare call: what the machine adds when both cores are needed) | ")
                    .append(format(direct2.score())).append(" vs ").append(format(direct1.score())).append(" ns: ")
                    .append(format(direct2.score() / direct1.score())).append("× | |\n");
        }
        Figure open = figures.get(CB + "open_ours");
        Figure failure = figures.get(CB + "failure_ours");
        if (open != null && failure != null) {
            double times = failure.score() / open.score();
            row(md, "OPEN rejection ≥ 5× cheaper than a recorded failure",
                    format(open.score()) + " vs " + format(failure.score()) + " ns: " + format(times) + "×", times >= 5);
        }
        List<String> zero = new ArrayList<>();
        boolean allZero = true;
        for (String name : List.of(CB + "success_ours", CB + "open_ours", RETRY + "ours_executeSupplier",
                BULKHEAD + "ours", LIMITER + "ours", PIPELINE + "ours")) {
            Figure figure = figures.get(name);
            if (figure != null && !Double.isNaN(figure.bytes())) {
                zero.add(bytesText(figure.bytes()));
                allZero &= figure.bytes() < 0.5;
            }
        }
        if (!zero.isEmpty()) {
            row(md, "0 B: breaker, OPEN rejection, retry, bulkhead, limiter, four composed", String.join(", ", zero),
                    allZero);
        }
        Figure floor = figures.get(ANNOTATION + "plain_proxy");
        if (floor != null) {
            double worst = Double.NEGATIVE_INFINITY;
            String worstName = "none measured";
            for (String single : List.of("circuitBreaker", "retry", "bulkhead", "rateLimit", "fallback")) {
                Figure figure = figures.get(ANNOTATION + single);
                if (figure != null && figure.score() - floor.score() > worst) {
                    worst = figure.score() - floor.score();
                    worstName = single;
                }
            }
            if (worst != Double.NEGATIVE_INFINITY) {
                row(md, "one annotation ≤ proxy floor + 60 ns", "worst: " + worstName + " " + signed(worst) + " ns",
                        worst <= 60);
            }
            Figure timeout = figures.get(ANNOTATION + "timeout");
            if (timeout != null) {
                double over = timeout.score() - floor.score();
                row(md, "@Timeout alone ≤ proxy floor + 300 ns", signed(over) + " ns", over <= 300);
            }
        }
        Figure six = figures.get(ANNOTATION + "stackedAllSix");
        if (six != null) {
            row(md, "all six stacked < 1 µs", format(six.score()) + " ns", six.score() < 1000);
        }
        return md.toString();
    }

    private void ratio(StringBuilder md, String target, String ours, String other, double limit) {
        Figure a = figures.get(ours);
        Figure b = figures.get(other);
        if (a != null && b != null) {
            double ratio = a.score() / b.score();
            String text = format(a.score()) + " vs " + format(b.score()) + " ns: " + format(ratio) + "×";
            if (ratio <= limit) {
                row(md, target, text, true);
            } else if (withinError(a, b, limit)) {
                md.append("| ").append(target).append(" | ").append(text).append(" | within the error |\n");
            } else {
                row(md, target, text, false);
            }
        }
    }

    /** Whether the best case the errors allow meets {@code a <= limit * b}. */
    private static boolean withinError(Figure a, Figure b, double limit) {
        double errorA = Double.isNaN(a.error()) ? 0 : a.error();
        double errorB = Double.isNaN(b.error()) ? 0 : b.error();
        return a.score() - errorA <= limit * (b.score() + errorB);
    }

    private static void row(StringBuilder md, String target, String figures, boolean met) {
        md.append("| ").append(target).append(" | ").append(figures).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    // ------------------------------------------------------------------------------------------------ charts

    void chart(String title, List<Row> rows, boolean withFailsafe, Path file) throws IOException {
        List<String> labels = new ArrayList<>();
        Series ours = new Series();
        Series resilience4j = new Series();
        Series failsafe = new Series();
        for (Row row : rows) {
            Figure figure = figures.get(row.ours());
            if (row.chart() == null || figure == null) {
                continue;
            }
            labels.add(row.chart());
            ours.add(row.chart(), figure);
            resilience4j.add(row.chart(), row.resilience4j() == null ? null : figures.get(row.resilience4j()));
            failsafe.add(row.chart(), row.failsafe() == null ? null : figures.get(row.failsafe()));
        }
        if (labels.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1600).height(900).title(title)
                .yAxisTitle("ns/op").build();
        CategoryStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisMin(AXIS_MIN); // bars would otherwise start at 0, which a log axis cannot show
        styler.setXAxisLabelRotation(20);
        styler.setAvailableSpaceFill(0.8);
        styler.setOverlapped(false);
        // No value labels: a missing bar would be labelled with the axis' floor; the tables have the figures.
        styler.setLabelsVisible(false);
        styler.setYAxisDecimalPattern("#,##0.#");
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotMargin(10);
        // Series give values only where they have them; a category without one simply has no bar there.
        chart.addSeries("dev.resilience", labels, ours.valuesFor(labels));
        if (!resilience4j.isEmpty()) {
            chart.addSeries("resilience4j 2.4.0", labels, resilience4j.valuesFor(labels));
        }
        if (withFailsafe && !failsafe.isEmpty()) {
            chart.addSeries("Failsafe 3.3.2", labels, failsafe.valuesFor(labels));
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * One library's bars. XChart wants a value for every category and a positive one on a log axis, so a
     * missing figure is drawn as a bar of the chart's floor value, which the axis starts at: invisible.
     */
    private static final class Series {
        private final Map<String, Double> values = new LinkedHashMap<>();

        void add(String label, Figure figure) {
            if (figure != null) {
                values.put(label, figure.score());
            }
        }

        boolean isEmpty() {
            return values.isEmpty();
        }

        List<Double> valuesFor(List<String> labels) {
            List<Double> list = new ArrayList<>();
            for (String label : labels) {
                list.add(values.getOrDefault(label, MISSING));
            }
            return list;
        }
    }

    /** Where the log axis starts, below every real figure (a bare call costs about 0.3 ns). */
    private static final double AXIS_MIN = 0.1;
    /** At the axis' start: the bar does not show. */
    private static final double MISSING = AXIS_MIN;

    // ---------------------------------------------------------------------------------------------- formats

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    static String signed(double value) {
        return (value < 0 ? "−" + format(-value) : "+" + format(value));
    }

    static String bytesText(double bytes) {
        return bytes < 0.5 ? "0 B" : String.format(Locale.ROOT, "%,.0f B", bytes);
    }
}
