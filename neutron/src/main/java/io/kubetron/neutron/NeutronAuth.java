package io.kubetron.neutron;

import java.net.URI;

/** How Kubetron authenticates to Neutron. */
public sealed interface NeutronAuth {

    /**
     * No authentication: a Neutron with {@code auth_strategy = noauth} (development only; every caller is admin).
     *
     * @param endpoint Neutron's root URL (without {@code /v2.0})
     */
    record None(URI endpoint) implements NeutronAuth {
    }

    /**
     * Keystone v3 password authentication, scoped to a project. The Neutron endpoint comes from the token's service
     * catalog unless {@code endpoint} is given.
     *
     * @param authUrl Keystone's v3 URL, for example {@code https://keystone:5000/v3}
     * @param endpoint Neutron's root URL, or null to take the catalog's {@code network} endpoint
     * @param region region of the catalog endpoint, or null for any
     */
    record KeystonePassword(URI authUrl, String username, String password, String userDomainName,
            String projectName, String projectDomainName, String region, URI endpoint) implements NeutronAuth {

        @Override
        public String toString() {
            // never the password: configurations end up in logs
            return "KeystonePassword[authUrl=" + authUrl + ", username=" + username + ", userDomain=" + userDomainName
                    + ", project=" + projectName + ", projectDomain=" + projectDomainName + ", region=" + region
                    + ", endpoint=" + endpoint + "]";
        }
    }
}
