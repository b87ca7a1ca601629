package dev.resilience.spring.boot.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.resilience.spring.boot.actuate.extension.NthCallGate;
import dev.resilience.spring.boot.actuate.extension.NthCallGateDescriptor;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: headless Chromium from the system's Debian packages, driven through the
 * system's chromedriver (nothing is downloaded: both paths are given explicitly, so Selenium Manager is never
 * asked), against a running application with one {@code @CircuitBreaker} bean. Skipped, with a message saying
 * what to install, where Chromium or chromedriver is missing.
 *
 * <p>Each test loads the page afresh and waits for what it expects with {@link WebDriverWait}; the page polls
 * every second, so a change must show within {@link #PAGE_UPDATE}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DashboardBrowserTests.TestApplication.class,
        properties = { "resilience.dashboard.enabled=true",
                "management.endpoints.web.exposure.include=resilience,health",
                // Four failures in a window of four open a breaker; it then stays open for the whole test.
                "resilience.circuit-breaker.configs.default.sliding-window-size=4",
                "resilience.circuit-breaker.configs.default.minimum-number-of-calls=4",
                "resilience.circuit-breaker.configs.default.wait-duration-in-open-state=1h",
                "resilience.bulkhead.instances.inventory-pool.max-concurrent-calls=5",
                "resilience.rate-limiter.instances.search.limit-for-period=10",
                "resilience.rate-limiter.instances.search.limit-refresh-period=1h",
                "resilience.thread-pool-bulkhead.instances.reports.core-thread-pool-size=1",
                "resilience.thread-pool-bulkhead.instances.reports.max-thread-pool-size=2",
                "resilience.thread-pool-bulkhead.instances.reports.queue-capacity=10",
                "resilience.rate-limiter.instances.per-user.max-keys=100" })
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** How soon a change must show on the page: a few one-second polls, with room for a busy machine. */
    private static final Duration PAGE_UPDATE = Duration.ofSeconds(5);

    /** The first page load also starts the browser's renderer, which is slow on a loaded machine. */
    private static final Duration FIRST_LOAD = Duration.ofSeconds(30);

    private static final Path SCREENSHOT = Path.of("target", "dashboard-open.png");

    private static final Path HISTORY_SCREENSHOT = Path.of("target", "dashboard-history.png");

    private static ChromeDriverService service;

    private static WebDriver driver;

    private static Path profile;

    @LocalServerPort
    private int port;

    @Autowired
    private Payments payments;

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    @Autowired
    private BulkheadRegistry bulkheads;

    @Autowired
    private RateLimiterRegistry rateLimiters;

    @Autowired
    private EndpointOutage outage;

    @Autowired
    private NthCallGate.Registry gates;

    private static final String MISSING_CHROMIUM = "Skipping the dashboard's real-browser test: " + CHROMIUM
            + " or " + CHROMEDRIVER + " is missing. Install the Debian packages chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver) to run it.";

    @BeforeAll
    static void startChromium() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return; // each test is then skipped, with MISSING_CHROMIUM as the reason, by requireChromium()
        }
        profile = Files.createTempDirectory("resilience-dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a closed
        // network refuses; a fresh profile keeps runs independent.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1400");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * An assumption per test rather than one in {@link #startChromium()}: a class aborted in {@code @BeforeAll}
     * shows in Surefire's report as no tests at all, while this shows each test skipped, with the reason.
     */
    @BeforeEach
    void requireChromium() {
        assumeTrue(driver != null, MISSING_CHROMIUM);
    }

    @AfterEach
    void endOutage() {
        outage.down.set(false);
    }

    @Test
    void showsABreakerOpeningWithinSecondsOfItsFailures() throws IOException {
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("cb-payments-state"), "CLOSED"));
        assertThat(text("connection")).isEqualTo("Live");
        assertThat(text("cb-payments-failure-rate")).isEqualTo("pending (0/4 calls)");
        assertThat(driver.findElement(testId("cb-payments-failure-rate")).findElement(By.xpath("../.."))
                .findElement(By.cssSelector("[role=meter]")).getAttribute("aria-valuetext"))
                .isEqualTo("not computed yet: 0 of the 4 calls needed");

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> payments.charge(true)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> payments.charge(false)).isInstanceOf(CallNotPermittedException.class);

        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-payments-state"), "OPEN"));
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-payments-not-permitted"), "1"));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(text("cb-payments-failure-rate")).isEqualTo("100.0 % (opens at 50.0 %)");
        assertThat(text("cb-payments-buffered")).isEqualTo("4");
        assertThat(text("cb-payments-failed")).isEqualTo("4");
        assertThat(text("cb-payments-transitions")).contains("CLOSED \u2192 OPEN");
        // Red, from the style sheet; the badge's text says OPEN as well, so colour is not the only cue.
        assertThat(driver.findElement(testId("cb-payments-state")).getCssValue("background-color"))
                .isEqualTo("rgba(207, 34, 46, 1)");
        assertThat(driver.getTitle()).isEqualTo("(1 open) Resilience dashboard");
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    @Test
    void graphsDrawTheLastMinutesFromThePollsAndMoveWithEachPoll() throws Exception {
        Bulkhead inventoryPool = bulkheads.get("inventory-pool");
        for (int i = 0; i < 3; i++) {
            inventoryPool.acquirePermission();
        }
        // Steady traffic through one breaker, so its calls per second are above zero on every poll.
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(payments::browse, 0, 20, TimeUnit.MILLISECONDS);
        try {
            open();
            waitFor(FIRST_LOAD).until(driver -> points("cb-traffic-graph-calls") >= 3);
            String before = line("cb-traffic-graph-calls");

            // The time axis is fixed to the last minutes, so every poll shifts the line left and adds a sample.
            waitFor(PAGE_UPDATE).until(driver -> !line("cb-traffic-graph-calls").equals(before));
            assertThat(Double.parseDouble(attribute("cb-traffic-graph-calls", "data-latest"))).isGreaterThan(0);
            assertThat(text("cb-traffic-graph-calls-value")).endsWith("/s)").contains("/s (scale ");
            waitFor(PAGE_UPDATE).until(driver -> points("cb-traffic-graph-failure-rate") >= 2);
            assertThat(attribute("cb-traffic-graph-failure-rate", "data-latest")).isEqualTo("0");
            assertThat(points("cb-traffic-graph-slow-call-rate")).isGreaterThanOrEqualTo(2);
            // Drawn, not only computed: the graph has a size on the page and its line a length (a few seconds
            // of a 5-minute axis: a short line at the right end).
            assertThat(driver.findElement(testId("cb-traffic-graph-calls")).getSize().getWidth()).isGreaterThan(100);
            assertThat((Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return arguments[0].querySelector('path.spark-line').getTotalLength();",
                    driver.findElement(testId("cb-traffic-graph-calls")))).satisfies(
                            length -> assertThat(length.doubleValue()).isGreaterThan(0));

            waitFor(PAGE_UPDATE).until(driver -> "60".equals(attribute("bh-inventory-pool-graph-fill", "data-latest")));
            assertThat(points("rl-search-graph-permits")).isGreaterThanOrEqualTo(1);
            assertThat(points("tpb-reports-graph-fill")).isGreaterThanOrEqualTo(1);
            assertThat(points("krl-per-user-graph-keys")).isGreaterThanOrEqualTo(1);

            Files.createDirectories(HISTORY_SCREENSHOT.getParent());
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), HISTORY_SCREENSHOT,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(HISTORY_SCREENSHOT).isNotEmptyFile();
        }
        finally {
            traffic.shutdownNow();
            assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                inventoryPool.releasePermission();
            }
        }
    }

    @Test
    void showsATransitionAnOperatorMakesThroughTheActuator() throws Exception {
        payments.reserve();
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("cb-inventory-state"), "CLOSED"));

        assertThat(postState("inventory", "FORCED_OPEN")).isBetween(200, 299);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-inventory-state"), "FORCED_OPEN"));
        assertThat(driver.findElement(testId("cb-inventory-state")).getCssValue("background-color"))
                .isEqualTo("rgba(130, 7, 30, 1)");

        assertThat(postState("inventory", "HALF_OPEN")).isBetween(200, 299);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-inventory-state"), "HALF_OPEN"));

        assertThat(postState("inventory", "CLOSED")).isBetween(200, 299);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-inventory-state"), "CLOSED"));
        assertThat(text("cb-inventory-transitions")).startsWith("HALF_OPEN \u2192 CLOSED");
    }

    @Test
    void showsBulkheadFillAndRateLimiterPermissions() {
        Bulkhead inventoryPool = bulkheads.get("inventory-pool");
        RateLimiter searchLimiter = rateLimiters.get("search");
        inventoryPool.acquirePermission();
        inventoryPool.acquirePermission();
        assertThat(searchLimiter.tryAcquirePermission()).isTrue();
        try {
            open();
            waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("bh-inventory-pool-fill"), "2 / 5 in use"));
            assertThat(text("rl-search-permissions")).isEqualTo("9 / 10 per 1h");
        }
        finally {
            inventoryPool.releasePermission();
            inventoryPool.releasePermission();
        }
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("bh-inventory-pool-fill"), "0 / 5 in use"));
    }

    @Test
    void showsThreadPoolBulkheadsBusyAndKeyedRateLimitersKeys() throws Exception {
        payments.profile("alice");
        payments.profile("bob");
        Payments.gate = new CountDownLatch(1);
        CompletableFuture<String> report = payments.report();
        try {
            open();
            waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("tpb-reports-fill"), "1 / 2 busy"));
            assertThat(text("tpb-reports-queue")).isEqualTo("0 / 10 queued");
            assertThat(text("krl-per-user-keys")).isEqualTo("2 / 100 keys");
            assertThat(driver.findElement(testId("krl-per-user")).findElement(By.className("tag")).getText())
                    .isEqualTo("keyed");
        }
        finally {
            Payments.gate.countDown();
        }
        assertThat(report.get(10, TimeUnit.SECONDS)).isEqualTo("report");
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("tpb-reports-fill"), "0 / 2 busy"));
    }

    @Test
    void aBannerSaysSoWhileTheEndpointCannotBeRead() {
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("connection"), "Live"));

        outage.down.set(true);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.visibilityOfElementLocated(testId("banner")));
        assertThat(text("banner")).startsWith("Cannot read /actuator/resilience: HTTP 503")
                .contains("Showing the data of");
        assertThat(text("connection")).isEqualTo("Disconnected");
        // The last data stays on the page, marked stale, rather than vanishing.
        assertThat(driver.findElement(testId("cb-payments-state")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("dashboard")).getAttribute("class")).contains("stale");

        outage.down.set(false);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.invisibilityOfElementLocated(testId("banner")));
        assertThat(text("connection")).isEqualTo("Live");
    }

    @Test
    void pauseStopsPollingUntilResumed() {
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("connection"), "Live"));
        driver.findElement(testId("pause")).click();
        assertThat(text("connection")).isEqualTo("Paused");
        assertThat(driver.findElement(testId("pause")).getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(text("pause")).isEqualTo("Resume");

        driver.findElement(testId("pause")).click();
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("connection"), "Live"));
        assertThat(driver.findElement(testId("pause")).getAttribute("aria-pressed")).isEqualTo("false");
    }

    @Test
    void instancesCreatedLaterAppearAndTheirNamesAreShownAsText() {
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.textToBe(testId("connection"), "Live"));
        String name = "<img src=x onerror=\"document.title='owned'\">";

        circuitBreakers.get(name);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.textToBe(testId("cb-" + name + "-state"), "CLOSED"));
        assertThat(driver.findElement(testId("cb-" + name)).findElement(By.tagName("h3")).getText()).isEqualTo(name);
        assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(driver.getTitle()).doesNotContain("owned");

        circuitBreakers.remove(name);
        waitFor(PAGE_UPDATE).until(ExpectedConditions.numberOfElementsToBe(testId("cb-" + name), 0));
    }

    @Test
    void aPatternDeclaredOnlyByItsDescriptorGetsAGenericCard() {
        NthCallGate gate = gates.get("every-third");
        for (int i = 0; i < 3; i++) {
            gate.tryPass();
        }
        open();
        waitFor(FIRST_LOAD).until(ExpectedConditions.presenceOfElementLocated(testId("nth-call-gates-every-third")));
        String card = text("nth-call-gates-every-third");
        assertThat(card).contains("every-third").contains("nth-call-gates").contains("Calls").contains("3")
                .contains("Rejected").contains("1");
        gate.tryPass();
        waitFor(PAGE_UPDATE).until(driver -> text("nth-call-gates-every-third").contains("4"));
    }

    private void open() {
        driver.get("http://localhost:" + port + ResilienceDashboardAutoConfiguration.PAGE_PATH);
    }

    private int postState(String breaker, String state) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/resilience/circuit-breakers/" + breaker))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\": \"" + state + "\"}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static WebDriverWait waitFor(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    /** How many samples the graph of {@code testId} draws. */
    private static int points(String testId) {
        String points = attribute(testId, "data-points");
        return points == null || points.isEmpty() ? 0 : Integer.parseInt(points);
    }

    /** The path of the first series of the graph of {@code testId}. */
    private static String line(String testId) {
        return driver.findElement(testId(testId)).findElement(By.cssSelector("path.spark-line")).getAttribute("d");
    }

    private static String attribute(String testId, String name) {
        java.util.List<org.openqa.selenium.WebElement> found = driver.findElements(testId(testId));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    private static String text(String testId) {
        return driver.findElement(testId(testId)).getText();
    }

    /** An element by its {@code data-testid}, quoted for CSS so that any instance name works. */
    private static By testId(String testId) {
        return By.cssSelector("[data-testid=\"" + testId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
    }

    /** A bean protected by two circuit breakers, one per method, and one method under every other pattern. */
    public static class Payments {

        @Retry(name = "search")
        @RateLimit(name = "search")
        @Timeout(name = "search")
        @dev.resilience.annotation.Bulkhead(name = "inventory-pool")
        public String search() {
            return "found";
        }

        /**
         * Holds the calls of {@link #report()} until opened, so they show as busy threads. Static: the test
         * holds the proxy, whose own fields are not the bean's.
         */
        static volatile CountDownLatch gate = new CountDownLatch(0);

        @dev.resilience.annotation.Bulkhead(name = "reports",
                type = dev.resilience.annotation.Bulkhead.Type.THREAD_POOL)
        public CompletableFuture<String> report() throws InterruptedException {
            gate.await();
            return CompletableFuture.completedFuture("report");
        }

        @RateLimit(name = "per-user", key = "#user")
        public String profile(String user) {
            return user;
        }

        @CircuitBreaker(name = "payments")
        public String charge(boolean fail) {
            if (fail) {
                throw new IllegalStateException("card declined");
            }
            return "charged";
        }

        @CircuitBreaker(name = "inventory")
        public String reserve() {
            return "reserved";
        }

        @CircuitBreaker(name = "traffic")
        public String browse() {
            return "page";
        }
    }

    /** Makes the {@code resilience} endpoint answer 503 while {@link #down} is set. */
    static class EndpointOutage extends OncePerRequestFilter {

        final AtomicBoolean down = new AtomicBoolean();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (down.get() && request.getRequestURI().startsWith("/actuator/resilience")) {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            chain.doFilter(request, response);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        EndpointOutage endpointOutage() {
            return new EndpointOutage();
        }

        /** A pattern no main source knows: the dashboard shows it from its generic endpoint entry. */
        @Bean
        NthCallGate.Registry nthCallGates() {
            return new NthCallGate.Registry(new NthCallGate.Config(3));
        }

        @Bean
        NthCallGateDescriptor nthCallGateDescriptor(NthCallGate.Registry nthCallGates) {
            return new NthCallGateDescriptor(nthCallGates);
        }
    }
}
