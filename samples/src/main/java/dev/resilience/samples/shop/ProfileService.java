package dev.resilience.samples.shop;

import dev.resilience.annotation.RateLimit;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * User profiles, with a rate limit per user: {@code @RateLimit(key = "#user")} gives every user their own
 * {@code limit-for-period} calls per {@code limit-refresh-period}. Over the limit the call is rejected with
 * {@code RateLimitExceededException}, whose {@code retryAfter()} becomes the {@code Retry-After} header of a 429.
 * At most {@code max-keys} users are tracked (least recently used forgotten first); the user name never
 * appears in metric tags.
 */
@Service
public class ProfileService {

    private final FlakyDownstream downstream;

    ProfileService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    @RateLimit(name = "profile", key = "#user")
    public Profile profile(String user) {
        long call = downstream.call("profile " + user);
        return new Profile(user, "Profile of " + user, call);
    }

    /** A profile. */
    public record Profile(String user, String displayName, long downstreamCall) {
    }
}
