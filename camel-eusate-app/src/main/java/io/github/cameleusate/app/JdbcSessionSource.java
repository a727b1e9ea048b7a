package io.github.cameleusate.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.cameleusate.component.EusateSessionSource;
import org.apache.camel.RuntimeCamelException;

/**
 * The sessions the consumer routes poll: the table {@code eusate_session}, read at every poll, so sessions are added
 * and retired without a restart. The sessions configured in {@code eusate.session-ids} ({@code EUSATE_SESSION_IDS})
 * are added to it when the application starts; the table keeps the others.
 */
public class JdbcSessionSource implements EusateSessionSource {

    private static final String ALL = "SELECT session_id FROM eusate_session ORDER BY session_id";
    private static final String ADD = """
            MERGE INTO eusate_session t USING (SELECT CAST(? AS VARCHAR) AS session_id) s
            ON t.session_id = s.session_id
            WHEN NOT MATCHED THEN INSERT (session_id) VALUES (s.session_id)""";

    private final DataSource dataSource;
    private final List<String> seed;
    private volatile boolean seeded;

    /** @param seed the sessions to add to the table before it is first read */
    public JdbcSessionSource(DataSource dataSource, List<String> seed) {
        this.dataSource = dataSource;
        this.seed = List.copyOf(seed);
    }

    @Override
    public List<String> sessionIds() {
        if (!seeded) {
            seed();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement all = connection.prepareStatement(ALL);
             ResultSet rows = all.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the sessions to poll (table eusate_session): " + e.getMessage(), e);
        }
    }

    private synchronized void seed() {
        if (!seeded) {
            add(seed);
            seeded = true;
        }
    }

    /** Adds the sessions that are not in the table yet. */
    public void add(List<String> sessionIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement add = connection.prepareStatement(ADD)) {
            for (String id : sessionIds) {
                add.setString(1, id);
                add.addBatch();
            }
            add.executeBatch();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot add the sessions " + sessionIds + " to eusate_session: " + e.getMessage(),
                    e);
        }
    }
}
