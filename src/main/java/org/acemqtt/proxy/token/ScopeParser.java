package org.acemqtt.proxy.token;

/**
 * Turns a received {@link ScopeClaim} into the application's scope object, or throws if the scope is malformed
 * (RFC 9200 §5.10.1.1: an unrecognized scope is discarded with 4.00). The seam for
 * {@code org.acemqtt.proxy.scope.AifScope} ({@code AifScope.parseCbor} / {@code parseJsonScopeClaim}).
 * Must be thread-safe and should not block.
 */
@FunctionalInterface
public interface ScopeParser {
    Object parse(ScopeClaim scope) throws Exception;

    /** An equal claim that tokens may share instead of {@code scope} (called after a successful parse). */
    default ScopeClaim canonical(ScopeClaim scope) {
        return scope;
    }
}
