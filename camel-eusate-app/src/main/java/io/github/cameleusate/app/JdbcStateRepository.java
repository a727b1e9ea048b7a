package io.github.cameleusate.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameleusate.component.BatchStateRepository;
import io.github.cameleusate.component.FenceLostException;
import io.github.cameleusate.component.FencedStateRepository;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer route's state in the database (table {@code eusate_state}, one row per key), shared by every instance of
 * the application, fenced per route: {@link #fence()} (when the route's consumer starts, on the instance that leads its
 * shard) raises the route's generation in {@code eusate_fence}, and every write is made only while the generation it
 * was fenced under is still the current one. A former leader that wakes up late (a paused process, a network
 * partition) gets its writes refused instead of moving a position back. Nothing is cached: a poll reads what it needs
 * of a session in one query ({@link #getStates}) and writes what the session's listing changed in one transaction
 * ({@link #setStates}), under a lock of the route's fence row, so that a takeover waits for it and a former leader's
 * batch is refused whole; an exchange's commit is one conditional {@code MERGE}.
 */
public class JdbcStateRepository extends ServiceSupport implements FencedStateRepository, BatchStateRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);

    private static final String READ = "SELECT state_value FROM eusate_state WHERE state_key = ?";
    private static final String WRITE = """
            MERGE INTO eusate_state t
            USING (SELECT CAST(? AS VARCHAR) AS state_key, CAST(? AS VARCHAR) AS state_value
                   FROM eusate_fence WHERE fence = ? AND generation = ?) s
            ON t.state_key = s.state_key
            WHEN MATCHED THEN UPDATE SET state_value = s.state_value
            WHEN NOT MATCHED THEN INSERT (state_key, state_value) VALUES (s.state_key, s.state_value)""";
    private static final String UPSERT = """
            MERGE INTO eusate_state t USING (SELECT CAST(? AS VARCHAR) AS state_key, CAST(? AS VARCHAR) AS state_value) s
            ON t.state_key = s.state_key
            WHEN MATCHED THEN UPDATE SET state_value = s.state_value
            WHEN NOT MATCHED THEN INSERT (state_key, state_value) VALUES (s.state_key, s.state_value)""";
    private static final String DELETE = "DELETE FROM eusate_state WHERE state_key = ?";
    private static final String LOCK = "SELECT generation FROM eusate_fence WHERE fence = ? FOR UPDATE";
    /** The most keys of one SELECT ... IN: a session's marker, index and conversations fit in one far beyond that. */
    private static final int READ_CHUNK = 256;
    private static final String RAISE = "UPDATE eusate_fence SET generation = generation + 1 WHERE fence = ?";
    private static final String FIRST = "INSERT INTO eusate_fence (fence, generation) VALUES (?, 1)";
    private static final String GENERATION = "SELECT generation FROM eusate_fence WHERE fence = ?";

    private DataSource dataSource;
    private String fence;
    private volatile long generation;

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getFence() {
        return fence;
    }

    /** What the generation counts tenures of: the consumer route, such as messages-to-db-3. */
    public void setFence(String fence) {
        this.fence = fence;
    }

    /** The generation this instance writes under; 0 before the first {@link #fence()}. */
    public long getGeneration() {
        return generation;
    }

    @Override
    protected void doStart() throws Exception {
        if (dataSource == null || fence == null || fence.isBlank()) {
            throw new IllegalStateException("A JdbcStateRepository needs a dataSource and a fence name");
        }
    }

    @Override
    public synchronized void fence() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (update(connection, RAISE, fence) == 0) {
                    try {
                        update(connection, FIRST, fence);
                    } catch (SQLException firstAtTheSameTime) {
                        connection.rollback();
                        update(connection, RAISE, fence);
                    }
                }
                generation = readGeneration(connection);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot take over the state of " + fence + ": " + e.getMessage(), e);
        }
        LOG.info("Took over the state of {} (generation {})", fence, generation);
    }

    @Override
    public String getState(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, key);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the state " + key + " of " + fence + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> getStates(Collection<String> keys) {
        Map<String, String> values = new HashMap<>();
        if (keys.isEmpty()) {
            return values;
        }
        List<String> all = List.copyOf(keys);
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += READ_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
                String sql = "SELECT state_key, state_value FROM eusate_state WHERE state_key IN ("
                             + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement read = connection.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        read.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            values.put(rows.getString(1), rows.getString(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read " + keys.size() + " state entries of " + fence + ", the first "
                                            + all.get(0) + ": " + e.getMessage(), e);
        }
        return values;
    }

    @Override
    public void setStates(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long writingAs = requireFenced(entries.keySet().iterator().next());
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(LOCK);
                 PreparedStatement upsert = connection.prepareStatement(UPSERT);
                 PreparedStatement delete = connection.prepareStatement(DELETE)) {
                lock.setString(1, fence);
                long current;
                try (ResultSet row = lock.executeQuery()) {
                    current = row.next() ? row.getLong(1) : 0;
                }
                if (current != writingAs) {
                    connection.rollback();
                    throw fenceLost(entries.size() + " state entries, the first " + entries.keySet().iterator().next(),
                            writingAs);
                }
                boolean upserts = false;
                boolean deletes = false;
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    if (entry.getValue() == null) {
                        delete.setString(1, entry.getKey());
                        delete.addBatch();
                        deletes = true;
                    } else {
                        upsert.setString(1, entry.getKey());
                        upsert.setString(2, entry.getValue());
                        upsert.addBatch();
                        upserts = true;
                    }
                }
                if (upserts) {
                    upsert.executeBatch();
                }
                if (deletes) {
                    delete.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot write " + entries.size() + " state entries of " + fence
                                            + ", the first " + entries.keySet().iterator().next() + ": "
                                            + e.getMessage(), e);
        }
    }

    @Override
    public void setState(String key, String value) {
        long writingAs = requireFenced(key);
        int written;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement write = connection.prepareStatement(WRITE)) {
            write.setString(1, key);
            write.setString(2, value);
            write.setString(3, fence);
            write.setLong(4, writingAs);
            written = write.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot write the state " + key + " of " + fence + ": " + e.getMessage(), e);
        }
        if (written == 0) {
            throw fenceLost("the state " + key, writingAs);
        }
    }

    private long requireFenced(String key) {
        long writingAs = generation;
        if (writingAs == 0) {
            throw new IllegalStateException("The state " + key + " of " + fence
                                            + " is written before it was taken over (fence())");
        }
        return writingAs;
    }

    private FenceLostException fenceLost(String what, long writingAs) {
        return new FenceLostException("Not writing " + what + ": another instance took " + fence
                                      + " over (this one held generation " + writingAs + "). Each route must have"
                                      + " one leader: with several instances on one database, set EUSATE_CLUSTER"
                                      + " (file or kubernetes, see docs/DEPLOYMENT.md)");
    }

    private long readGeneration(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(GENERATION)) {
            read.setString(1, fence);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no generation for " + fence);
                }
                return row.getLong(1);
            }
        }
    }

    private static int update(Connection connection, String sql, String fence) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, fence);
            return statement.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "JdbcStateRepository[" + fence + ", generation " + generation + "]";
    }
}
