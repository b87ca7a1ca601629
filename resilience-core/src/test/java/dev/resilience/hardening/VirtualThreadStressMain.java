package dev.resilience.hardening;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Runs {@link PipelineStress} with callers on virtual threads, under a JFR recording of
 * {@code jdk.VirtualThreadPinned} (no threshold, with stack traces), on whatever JDK runs it (21+). Prints one
 * {@code RESULT} line per mode and every pinning event whose stack has a frame of the library; exits 1 if an
 * invariant failed or the library pinned a carrier thread.
 *
 * <p>Compiled for Java 17 with the rest of the tests, so virtual threads are reached by reflection.
 * Arguments: seconds per mode, number of virtual caller threads.
 */
public final class VirtualThreadStressMain {

    private VirtualThreadStressMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        ThreadFactory virtual = virtualThreadFactory();
        System.out.println("JDK " + Runtime.version() + ", " + threads + " virtual callers, " + seconds + " s per mode");

        // Warm-up, not recorded: the first calls load and link classes (and run static initializers), which
        // pins a virtual thread once per class in any code; what pins after that is the library's doing.
        PipelineStress.Options warmUp = new PipelineStress.Options().threads(threads).duration(Duration.ofSeconds(1))
                .maxCalls(Long.MAX_VALUE).callers("virtual", virtual);
        PipelineStress.runSync(warmUp);
        PipelineStress.runAsync(warmUp);

        Path jfr = Files.createTempFile("resilience-pinning", ".jfr");
        List<PipelineStress.Report> reports = new ArrayList<>();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withoutThreshold().withStackTrace();
            recording.start();
            PipelineStress.Options options = new PipelineStress.Options().threads(threads)
                    .duration(Duration.ofSeconds(seconds)).maxCalls(Long.MAX_VALUE).callers("virtual", virtual);
            reports.add(PipelineStress.runSync(options));
            reports.add(PipelineStress.runAsync(options));
            recording.stop();
            recording.dump(jfr);
        }

        int pinned = 0;
        List<String> libraryPinned = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                continue;
            }
            pinned++;
            if (event.getStackTrace() == null) {
                continue;
            }
            StringBuilder stack = new StringBuilder();
            boolean library = false;
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                stack.append("\n    at ").append(type).append('.').append(frame.getMethod().getName());
                library |= type.startsWith("dev.resilience.") && !type.startsWith("dev.resilience.hardening.");
            }
            if (library && libraryPinned.size() < 10) {
                libraryPinned.add("pinned " + event.getDuration().toNanos() / 1000 + " us (" + field(event, "pinnedReason")
                        + "; " + field(event, "blockingOperation") + "):" + stack);
            }
        }
        Files.deleteIfExists(jfr);

        boolean ok = libraryPinned.isEmpty();
        for (PipelineStress.Report report : reports) {
            System.out.println(report);
            System.out.printf("RESULT mode=%s calls=%d callsPerSecond=%.0f violations=%d%n", report.mode,
                    report.calls, report.callsPerSecond(), report.violations.size());
            ok &= report.violations.isEmpty();
        }
        System.out.println("RESULT pinnedEvents=" + pinned + " libraryPinnedEvents=" + libraryPinned.size());
        libraryPinned.forEach(System.out::println);
        System.exit(ok ? 0 : 1);
    }

    /** A field that only newer JDKs record ({@code pinnedReason}, {@code blockingOperation} since 24). */
    private static String field(RecordedEvent event, String name) {
        return event.hasField(name) ? String.valueOf(event.getValue(name)) : "-";
    }

    private static ThreadFactory virtualThreadFactory() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Object named = builderType.getMethod("name", String.class, long.class).invoke(builder, "virtual-caller-", 0L);
        Method factory = builderType.getMethod("factory");
        return (ThreadFactory) factory.invoke(named);
    }
}
