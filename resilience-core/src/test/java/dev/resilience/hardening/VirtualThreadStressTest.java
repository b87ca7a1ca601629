package dev.resilience.hardening;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The composed stress run again, on the Temurin 25 JDK with callers on virtual threads, in a forked JVM, under a
 * JFR recording of {@code jdk.VirtualThreadPinned}: every invariant holds and the library never pins a carrier
 * thread. Skipped, with a message, on a machine without that JDK ({@code -Dhardening.jdk25=...} points
 * elsewhere).
 */
class VirtualThreadStressTest {

    private static final Path JDK = Path.of(System.getProperty("hardening.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    @Test
    void stressOnVirtualThreadsOfJdk25WithoutPinning() throws Exception {
        Path java = JDK.resolve("bin").resolve("java");
        assumeTrue(Files.isExecutable(java), "No JDK 25 at " + JDK + ": the virtual-thread stress run is skipped");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String seconds = System.getProperty("hardening.seconds", "3");
        Path output = Files.createTempFile("virtual-thread-stress", ".txt");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-cp", classPath,
                VirtualThreadStressMain.class.getName(), seconds, "64"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(Long.parseLong(seconds) * 2 + 120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        System.out.println(report);
        assertThat(ended).as("the forked run ended in time").isTrue();
        assertThat(process.exitValue()).as(report).isZero();
        assertThat(report).contains("RESULT mode=sync").contains("RESULT mode=async")
                .contains("libraryPinnedEvents=0");
    }
}
