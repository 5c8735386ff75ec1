package dev.residency.jdbc.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Reads the JDBC URL a DataSource connects to from its JavaBean getters ({@code getJdbcUrl} of
 * HikariCP, {@code getUrl} of PostgreSQL and most drivers, {@code getURL} of H2 and Oracle), and
 * the connection properties that go with it. Internal, may change without notice.
 */
public final class JdbcUrlLookup {
  private static final String[] GETTERS = {"getJdbcUrl", "getUrl", "getURL"};

  private JdbcUrlLookup() {}

  /** The URL, or {@code null} when the DataSource has no such getter or it returns nothing. */
  public static String find(DataSource dataSource) {
    return find(dataSource, 0);
  }

  private static String find(Object dataSource, int depth) {
    if (dataSource == null || depth > 3) {
      return null;
    }
    for (String name : GETTERS) {
      Object v = call(dataSource, name);
      if (v instanceof String && !((String) v).isBlank()) {
        return (String) v;
      }
    }
    // HikariCP configured with setDataSource(...) rather than a URL.
    Object inner = call(dataSource, "getDataSource");
    return inner instanceof DataSource ? find(inner, depth + 1) : null;
  }

  /**
   * The connection properties the DataSource passes to its driver with the URL ({@code
   * getDataSourceProperties} of HikariCP), or an empty map. Read on every uncached check, so
   * later changes are seen.
   */
  public static Map<String, String> properties(DataSource dataSource) {
    Object v = call(dataSource, "getDataSourceProperties");
    return v instanceof Properties ? ConnectionGate.properties((Properties) v) : Map.of();
  }

  private static Object call(Object target, String name) {
    try {
      Method m = target.getClass().getMethod(name);
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) {
        return null;
      }
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
