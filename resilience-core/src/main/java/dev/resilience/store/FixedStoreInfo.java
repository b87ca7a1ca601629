package dev.resilience.store;

import java.util.Objects;

/** A {@link StoreInfo} that never changes and is never degraded. */
final class FixedStoreInfo implements StoreInfo {

    static final StoreInfo MEMORY = new FixedStoreInfo(StoreInfo.MEMORY, false, "");

    private final String type;
    private final boolean shared;
    private final String instanceId;

    FixedStoreInfo(String type, boolean shared, String instanceId) {
        this.type = Objects.requireNonNull(type, "type");
        this.shared = shared;
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public boolean isShared() {
        return shared;
    }

    @Override
    public boolean isDegraded() {
        return false;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String toString() {
        return "StoreInfo[" + type + (shared ? ", shared as " + instanceId : "") + "]";
    }
}
