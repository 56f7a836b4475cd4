package io.kubetron.neutron;

import java.net.URI;

/** How Kubetron authenticates to Neutron. */
public sealed interface NeutronAuth {

    /**
     * No authentication: a Neutron with {@code auth_strategy = noauth} (development only; every caller is admin).
     *
     * @param endpoint Neutron's root URL (without {@code /v2.0})
     */
    record None(URI endpoint) implements NeutronAuth {}

    /**
     * Keystone v3. The Neutron endpoint comes from the token's service catalog unless {@code endpoint} is given.
     *
     * @param authUrl Keystone's v3 URL, for example {@code https://keystone:5000/v3}
     * @param credential what proves who we are
     * @param scope the project to scope tokens to; null for application credentials (they carry their own scope)
     * @param region region of the catalog endpoint, or null for any
     * @param interfaceName catalog interface: {@code public} (default), {@code internal} or {@code admin}
     * @param endpoint Neutron's root URL, or null to take it from the catalog
     */
    record Keystone(URI authUrl, Credential credential, Scope scope, String region, String interfaceName, URI endpoint)
            implements NeutronAuth {
        public Keystone {
            interfaceName = interfaceName == null ? "public" : interfaceName;
        }
    }

    /** A Keystone v3 identity method. {@code toString} never shows a secret: configurations end up in logs. */
    sealed interface Credential {}

    /**
     * Password of a user named (with its domain) or given by id.
     *
     * @param userDomainName used with {@code userName}; {@code userDomainId} wins when set
     */
    record Password(String userName, String userId, String userDomainName, String userDomainId, String password)
            implements Credential {
        @Override
        public String toString() {
            return "Password[user=" + (userId != null ? userId : userName) + ", domain="
                    + (userDomainId != null ? userDomainId : userDomainName) + "]";
        }
    }

    /** An application credential, by id, or by name with its user (name and domain, or id). */
    record ApplicationCredential(
            String id, String name, String userName, String userId, String userDomainName, String secret)
            implements Credential {
        @Override
        public String toString() {
            return "ApplicationCredential[" + (id != null ? id : name + " of " + (userId != null ? userId : userName))
                    + "]";
        }
    }

    /**
     * An existing token, exchanged for a scoped one (and so renewable while it lives).
     *
     * @param token the token's id
     */
    record Token(String token) implements Credential {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    /** A project, by id or by name with its domain (name or id). */
    record Scope(String projectName, String projectId, String domainName, String domainId) {}
}
