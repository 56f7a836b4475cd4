package io.kubetron.lab.neutron;

import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the configuration files of Neutron and Keystone for one lab. */
final class ConfigWriter {
    /** The physical network of the lab's chassis: flat and VLAN provider networks use it. */
    static final String PHYSNET = "phys-net10";

    static final String PHYSNET_BRIDGE = "br-phys10";
    static final String VLAN_RANGE = "100:200";
    /** DHCP's dns_server option; otherwise OVN would hand out this machine's resolv.conf nameservers. */
    static final String DNS_SERVER = "10.10.0.53";

    private final LabConfig config;
    private final NeutronPaths paths;

    ConfigWriter(LabConfig config, NeutronPaths paths) {
        this.config = config;
        this.paths = paths;
    }

    /** neutron.conf, ml2_conf.ini, api-paste.ini, policy.yaml and the helper scripts. */
    void writeNeutron(Pki.Identity cert) {
        NeutronOptions n = config.neutron();
        String neutronConf = """
                [DEFAULT]
                bind_host = 127.0.0.1
                bind_port = %d
                # eventlet's own TLS (oslo.service sslutils); no proxy in front
                use_ssl = True
                auth_strategy = %s
                core_plugin = ml2
                # REQUIRED with the OVN driver: its MaintenanceWorker dereferences the L3 plugin
                service_plugins = ovn-router
                # no RabbitMQ: OVN has no agents to talk to
                transport_url = fake://
                api_workers = 1
                rpc_workers = 1
                rpc_state_report_workers = 0
                state_path = %s
                api_paste_config = %s
                log_dir = %s
                log_file = neutron-server.log
                debug = False
                notify_nova_on_port_status_changes = False
                notify_nova_on_port_data_changes = False
                dhcp_agent_notification = False
                allow_overlapping_ips = True

                [ssl]
                cert_file = %s
                key_file = %s

                [database]
                connection = sqlite:///%s

                [oslo_concurrency]
                lock_path = %s

                [oslo_policy]
                policy_file = %s
                """.formatted(
                        n.port(),
                        n.auth(),
                        paths.state(),
                        paths.etc().resolve("api-paste.ini"),
                        paths.log(),
                        cert.certificate(),
                        cert.privateKey(),
                        paths.neutronDb(),
                        paths.lock(),
                        paths.etc().resolve("policy.yaml"));
        if (n.keystone()) {
            neutronConf += """

                    [keystone_authtoken]
                    www_authenticate_uri = %1$s
                    auth_url = %1$s
                    auth_type = password
                    project_domain_name = Default
                    user_domain_name = Default
                    project_name = %2$s
                    username = %3$s
                    password = %4$s
                    region_name = %5$s
                    cafile = %6$s
                    """.formatted(
                            KeystoneCredentials.authUrl(n.keystonePort()),
                            KeystoneProvisioning.SERVICE_PROJECT,
                            KeystoneProvisioning.NEUTRON_USER,
                            KeystoneProvisioning.NEUTRON_PASSWORD,
                            KeystoneCredentials.REGION,
                            cert.caCertificate());
        }
        String ml2 = """
                [ml2]
                type_drivers = local,flat,vlan,geneve
                tenant_network_types = geneve
                mechanism_drivers = ovn
                extension_drivers = port_security
                overlay_ip_version = 4

                [ml2_type_geneve]
                vni_ranges = 1:65536
                max_header_size = 38

                [ml2_type_flat]
                flat_networks = %1$s

                [ml2_type_vlan]
                network_vlan_ranges = %1$s:%2$s

                [securitygroup]
                enable_security_group = True

                [ovn]
                ovn_nb_connection = unix:%3$s
                ovn_sb_connection = unix:%4$s
                ovn_l3_scheduler = leastloaded
                ovn_metadata_enabled = False
                # no full NB <-> Neutron DB sync at start-up
                neutron_sync_mode = off
                dns_servers = %5$s
                """.formatted(
                        PHYSNET,
                        VLAN_RANGE,
                        config.runDir().resolve("ovnnb_db.sock"),
                        config.runDir().resolve("ovnsb_db.sock"),
                        DNS_SERVER);
        // a role that is admin for Neutron (provider attributes, binding:host_id) without being admin in Keystone
        String policy =
                "\"context_is_admin\": \"role:admin or role:" + KeystoneProvisioning.NETWORK_ADMIN_ROLE + "\"\n";
        try {
            Files.createDirectories(paths.etc());
            Files.writeString(paths.etc().resolve("neutron.conf"), neutronConf);
            Files.writeString(paths.etc().resolve("ml2_conf.ini"), ml2);
            Files.writeString(paths.etc().resolve("policy.yaml"), policy);
            Files.copy(Path.of("/etc/neutron/api-paste.ini"), paths.etc().resolve("api-paste.ini"));
            Files.writeString(paths.etc().resolve("neutron-server-sqlite.py"), SQLITE_SERVER);
            Files.writeString(paths.etc().resolve("create_schema.py"), CREATE_SCHEMA);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Neutron's configuration in " + paths.etc(), e);
        }
    }

    List<String> neutronConfigArgs() {
        return List.of(
                "--config-file",
                paths.etc().resolve("neutron.conf").toString(),
                "--config-file",
                paths.etc().resolve("ml2_conf.ini").toString());
    }

    void writeKeystone() {
        Path k = paths.keystone();
        String conf = """
                [DEFAULT]
                log_dir = %1$s
                log_file = keystone.log

                [database]
                connection = sqlite:///%2$s/keystone.sqlite

                [token]
                provider = fernet

                [fernet_tokens]
                key_repository = %2$s/fernet-keys

                [fernet_receipts]
                key_repository = %2$s/fernet-keys

                [credential]
                key_repository = %2$s/credential-keys

                [identity]
                # bcrypt cost 4 instead of 12: a password check takes milliseconds, not 0.4 s
                password_hash_rounds = 4

                [cache]
                # in-process cache: token validation takes ~10 ms instead of ~1 s
                enabled = true
                backend = dogpile.cache.memory
                """.formatted(paths.log(), k);
        try {
            Files.createDirectories(k);
            Files.writeString(paths.keystoneConf(), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Keystone's configuration in " + k, e);
        }
    }

    /**
     * neutron-server plus one oslo.db exception filter: SQLite's "database is locked" (four neutron processes and the
     * OVN event threads write one file) becomes DBDeadlock, which Neutron's API layer already retries. Without it
     * about one write in a hundred failed with HTTP 500 under load.
     */
    private static final String SQLITE_SERVER = """
            import sys
            import neutron.cmd.eventlet  # noqa: eventlet monkey-patching must come first
            from oslo_db import exception as db_exc
            from oslo_db.sqlalchemy import exc_filters
            from sqlalchemy import exc as sqla_exc


            @exc_filters.filters("sqlite", sqla_exc.OperationalError, r".*database is locked.*")
            def _sqlite_locked_is_deadlock(error, match, engine_name, is_disconnect):
                raise db_exc.DBDeadlock(error)


            from neutron.cmd.eventlet.server import main  # noqa: E402
            sys.argv[0] = "/usr/bin/neutron-server"
            sys.exit(main())
            """;

    /**
     * SQLite cannot run Neutron's alembic migrations ("No support for ALTER of constraints in SQLite dialect"): the
     * schema is built from the models, as Neutron's own unit tests do, then stamped with neutron-db-manage.
     */
    private static final String CREATE_SCHEMA = """
            import sys
            from neutron.db.migration.models import head  # imports every model
            import sqlalchemy as sa
            md = head.get_metadata()
            md.create_all(sa.create_engine(sys.argv[1]))
            print("created %d tables" % len(md.tables))
            """;
}
