package dev.resilience.samples.downstream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows and changes how the downstream behaves for every request:
 * {@code POST /downstream?failureRate=0.8&latencyMs=300}; a parameter left out keeps its value.
 */
@RestController
@RequestMapping("/downstream")
class DownstreamController {

    private final FlakyDownstream downstream;

    DownstreamController(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    @GetMapping
    Status status() {
        return Status.of(downstream);
    }

    @PostMapping
    Status configure(@RequestParam(required = false) Double failureRate,
            @RequestParam(required = false) Long latencyMs) {
        downstream.setFlakiness(downstream.flakiness().with(failureRate, latencyMs));
        return Status.of(downstream);
    }

    /** The downstream's global settings and how many calls it has had. */
    record Status(double failureRate, long latencyMs, long calls) {
        static Status of(FlakyDownstream downstream) {
            Flakiness flakiness = downstream.flakiness();
            return new Status(flakiness.failureRate(), flakiness.latencyMs(), downstream.calls());
        }
    }
}
