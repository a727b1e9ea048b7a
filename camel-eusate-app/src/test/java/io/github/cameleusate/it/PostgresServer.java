package io.github.cameleusate.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster from the installed server binaries (Debian's postgresql package), on a free loopback
 * port, with a database "eusate". As root, the server runs as the postgres user, as PostgreSQL requires. Missing
 * binaries fail the test with what to install: these tests are never skipped.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final String options;

    private PostgresServer(Path bin, Path dataDir, int port, String options) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.options = options;
    }

    public static PostgresServer start() throws IOException, InterruptedException, SQLException {
        Path bin = serverBinaries();
        Path dir = Files.createTempDirectory("eusate-pg");
        Path dataDir = dir.resolve("data");
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"), true);
        int port = freePort();
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
        PostgresServer server = new PostgresServer(bin, dataDir, port, options);
        server.startServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE eusate");
        }
        return server;
    }

    /** Stops the server (fast shutdown), keeping its data: a database that went away. */
    public void stopServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), true);
    }

    /** Starts the stopped server again, on the same port. */
    public void startServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60", "-l",
                dataDir.getParent().resolve("server.log").toString(), "-o", options, "start"), true);
    }

    public String jdbcUrl() {
        return jdbcUrl("eusate");
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), true);
    }

    private static Path serverBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (var versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under " + root
                                        + ": install them with 'apt-get install -y postgresql' (.ci/run does)");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
