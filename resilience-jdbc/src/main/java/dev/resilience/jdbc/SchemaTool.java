package dev.resilience.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Creates the tables of the PostgreSQL store from the command line, for databases where the application's
 * user may not create tables:
 *
 * <pre>
 * java -cp resilience-jdbc.jar:postgresql.jar dev.resilience.jdbc.SchemaTool --url jdbc:postgresql://db/app --dry-run
 * java -cp resilience-jdbc.jar:postgresql.jar dev.resilience.jdbc.SchemaTool --url jdbc:postgresql://db/app --user admin --yes
 * </pre>
 *
 * <ul>
 *   <li>{@code --dry-run} prints the SQL and changes nothing; with {@code --url} it also says which tables
 *       exist already;
 *   <li>{@code --yes} applies it without asking; without either option the tool prints the SQL and asks;
 *   <li>{@code --user}, and the password from {@code --password} or the environment variable
 *       {@value #PASSWORD_VARIABLE} (better: it stays out of the process list).
 * </ul>
 * The script is idempotent ({@link JdbcSchema}). Exit status 0 on success (or a declined prompt), 1 when the
 * database refuses, 2 on a usage error.
 *
 * @since 0.1.0
 */
public final class SchemaTool {

    /** The environment variable read for the password when {@code --password} is not given. */
    public static final String PASSWORD_VARIABLE = "RESILIENCE_JDBC_PASSWORD";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "Usage: java -cp resilience-jdbc.jar:<jdbc driver jar> dev.resilience.jdbc.SchemaTool [options]",
            "Creates the tables of the dev.resilience PostgreSQL store (idempotent).",
            "  --url <jdbc url>      the database, e.g. jdbc:postgresql://localhost:5432/app",
            "  --user <name>         the user to connect as",
            "  --password <secret>   its password (default: the " + PASSWORD_VARIABLE + " environment variable)",
            "  --dry-run             print the SQL and change nothing (with --url: also show what exists)",
            "  --yes                 apply without asking",
            "  --help                print this text");

    private SchemaTool() {
    }

    /** Runs the tool and exits with its status. */
    public static void main(String[] args) {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        System.exit(run(args, stdin, System.out, System.err, System::getenv));
    }

    /** The tool without {@link System#exit}: the exit status is returned. */
    static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err, Function<String, String> env) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (options.help) {
            out.println(USAGE_TEXT);
            return OK;
        }
        JdbcSchema schema = JdbcSchema.postgresql();
        if (options.dryRun) {
            out.println("-- Dry run: nothing is changed. The script:");
            out.println(schema.sql().strip());
            if (options.url == null) {
                return OK;
            }
            try (Connection connection = connect(options, env)) {
                out.println();
                for (String table : tables(schema)) {
                    out.println("-- " + table + ": " + (exists(connection, table) ? "exists" : "would be created"));
                }
                return OK;
            } catch (SQLException e) {
                err.println("Cannot inspect " + options.url + ": " + e.getMessage());
                return FAILED;
            }
        }
        if (options.url == null) {
            err.println("--url is required unless --dry-run is given");
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (!options.yes) {
            out.println(schema.sql().strip());
            out.print("Apply these statements to " + options.url + "? [y/N] ");
            out.flush();
            String answer;
            try {
                answer = in.readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null) {
                out.println();
                err.println("No answer (no terminal?): pass --yes to apply without asking");
                return USAGE;
            }
            if (!answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                out.println("Nothing changed.");
                return OK;
            }
        }
        try (Connection connection = connect(options, env)) {
            schema.apply(connection);
            out.println("Schema applied to " + options.url + " (" + String.join(", ", tables(schema)) + ")");
            return OK;
        } catch (SQLException e) {
            err.println("Cannot apply the schema to " + options.url + ": " + e.getMessage());
            return FAILED;
        }
    }

    private static Connection connect(Options options, Function<String, String> env) throws SQLException {
        Properties properties = new Properties();
        if (options.user != null) {
            properties.setProperty("user", options.user);
        }
        String password = options.password != null ? options.password : env.apply(PASSWORD_VARIABLE);
        if (password != null) {
            properties.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(options.url, properties);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new SQLException("No JDBC driver on the class path accepts " + options.url
                        + "; add the PostgreSQL driver jar (org.postgresql:postgresql) to -cp", e.getSQLState(), e);
            }
            throw e;
        }
    }

    /** The tables the script creates, in order. */
    static List<String> tables(JdbcSchema schema) {
        List<String> tables = new ArrayList<>();
        for (String statement : schema.statements()) {
            String prefix = "CREATE TABLE IF NOT EXISTS ";
            if (statement.startsWith(prefix)) {
                tables.add(statement.substring(prefix.length()).split("[\\s(]", 2)[0]);
            }
        }
        return tables;
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The parsed command line. */
    static final class Options {
        String url;
        String user;
        String password;
        boolean dryRun;
        boolean yes;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            Map<String, java.util.function.BiConsumer<Options, String>> valued = Map.of(
                    "--url", (o, v) -> o.url = v,
                    "--user", (o, v) -> o.user = v,
                    "--password", (o, v) -> o.password = v);
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--dry-run":
                        options.dryRun = true;
                        break;
                    case "--yes":
                    case "-y":
                        options.yes = true;
                        break;
                    case "--help":
                    case "-h":
                        options.help = true;
                        break;
                    default:
                        java.util.function.BiConsumer<Options, String> setter = valued.get(arg);
                        if (setter == null) {
                            throw new IllegalArgumentException("Unknown option: " + args[i]);
                        }
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        setter.accept(options, value);
                }
            }
            if (options.dryRun && options.yes) {
                throw new IllegalArgumentException("--dry-run and --yes contradict each other: choose one");
            }
            return options;
        }
    }
}
