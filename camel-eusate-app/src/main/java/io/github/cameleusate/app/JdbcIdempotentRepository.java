package io.github.cameleusate.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent consumer on the table {@code eusate_processed}: the keys one repository (such as the CRM
 * route's posted conversations) has processed, shared by every instance of the application.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final String ADD = """
            INSERT INTO eusate_processed (repository, processed)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR) FROM (VALUES (1)) AS one (x)
            WHERE NOT EXISTS (SELECT 1 FROM eusate_processed WHERE repository = ? AND processed = ?)""";
    private static final String CONTAINS = "SELECT 1 FROM eusate_processed WHERE repository = ? AND processed = ?";
    private static final String REMOVE = "DELETE FROM eusate_processed WHERE repository = ? AND processed = ?";
    private static final String CLEAR = "DELETE FROM eusate_processed WHERE repository = ?";

    private final DataSource dataSource;
    private final String name;

    public JdbcIdempotentRepository(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    @Override
    public boolean add(String key) {
        try {
            return execute(ADD, key, true) == 1;
        } catch (RuntimeCamelException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return false; // another instance added it at the same moment
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement contains = connection.prepareStatement(CONTAINS)) {
            contains.setString(1, name);
            contains.setString(2, key);
            try (ResultSet row = contains.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the idempotent repository " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        return execute(REMOVE, key, false) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement clear = connection.prepareStatement(CLEAR)) {
            clear.setString(1, name);
            clear.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot clear the idempotent repository " + name + ": " + e.getMessage(), e);
        }
    }

    private int execute(String sql, String key, boolean twice) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.setString(2, key);
            if (twice) {
                statement.setString(3, name);
                statement.setString(4, key);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot write the idempotent repository " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStart() {
        // the table is created by Flyway
    }

    @Override
    protected void doStop() {
        // nothing is held between calls
    }
}
