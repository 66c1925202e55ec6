package org.acemqtt.proxy.relay;

import java.util.Arrays;
import java.util.logging.Logger;
import org.acemqtt.proxy.auth.Grant;
import org.acemqtt.proxy.auth.TokenAuthority;
import org.acemqtt.proxy.revocation.Reintrospection;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.VerificationResult;

/**
 * Revocation of a live connection's grant (issue 5): re-introspection of a reference token when the cached answer
 * runs out (RFC 9431 ), and the Token Revocation List. Either ends the connection with DISCONNECT 0x87,
 * {@code reason="token_revoked"}. Confined to the connection's event loop.
 */
final class GrantRevocation implements Reintrospection.Owner {
    private static final Logger LOG = Logger.getLogger(GrantRevocation.class.getName());
    private final ConnectionRelay relay;
    /** Created for the first reference-token grant; CWT and anonymous grants never need one. */
    private Reintrospection reintrospection;

    GrantRevocation(ConnectionRelay relay) {
        this.relay = relay;
    }

    private TokenAuthority tokens() {
        return relay.context.authenticator.get().tokens();
    }

    /** (Re-)arms the checks for a new grant; ends the connection at once if its token is already listed. */
    void arm(Grant grant) {
        if (grant.token() != null && grant.token().isReference()) {
            if (reintrospection == null) {
                reintrospection = new Reintrospection(relay.client.eventLoop(), tokens(), this);
            }
            reintrospection.arm(grant.token());
        }
        onListed();
    }

    void cancel() {
        if (reintrospection != null) {
            reintrospection.cancel();
        }
    }

    /** After a Token Revocation List poll, or a new grant: closes the connection if its token is listed. */
    void onListed() {
        Grant grant = relay.grant;
        if (!relay.isEstablished() || grant == null || grant.token() == null || !tokens().isRevoked(grant.token())) {
            return;
        }
        relay.context.metrics.revocation("trl").increment();
        LOG.info(() -> "token of client=" + relay.clientId + " is listed in the Token Revocation List; disconnecting");
        relay.close(DisconnectCause.TOKEN_REVOKED);
    }

    @Override
    public boolean stillHolds(AccessToken token) {
        return relay.isEstablished() && relay.grant != null && relay.grant.token() == token;
    }

    @Override
    public void revoked(AccessToken token, VerificationResult why) {
        relay.context.metrics.revocation("introspection").increment();
        LOG.info(() -> "re-introspection of the token of client=" + relay.clientId + " refused it ("
                + why.reason().metricTag() + "); disconnecting");
        relay.close(DisconnectCause.TOKEN_REVOKED);
    }

    @Override
    public void renewed(AccessToken fresh) {
        Grant current = relay.grant;
        Grant next = Grant.fromToken(fresh, current.method(), current.reauthenticable());
        if (!Arrays.equals(next.holderIdentity(), current.holderIdentity())) {
            // The AS now binds the token to another key than the one this client proved.
            relay.context.metrics.revocation("introspection").increment();
            LOG.info(() -> "re-introspection of the token of client=" + relay.clientId + " names another PoP key; disconnecting");
            relay.close(DisconnectCause.TOKEN_REVOKED);
            return;
        }
        relay.replaceGrant(next);
        LOG.info(() -> "client=" + relay.clientId + " grant renewed by re-introspection; scope " + next.scope());
    }
}
