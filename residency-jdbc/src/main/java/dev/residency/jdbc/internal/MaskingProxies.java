package dev.residency.jdbc.internal;

import dev.residency.ResidencyGuard;
import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * JDK dynamic proxies that mask text values of result sets with the guard's masking pipeline.
 * Internal, may change without notice.
 *
 * <p>Connection → Statement / PreparedStatement / CallableStatement are proxies; result sets are
 * {@link MaskingResultSet}s (hand-written: getters are the hot path). Every result set a
 * statement returns is masked ({@code executeQuery}, {@code getResultSet}, {@code
 * getGeneratedKeys}, ref cursors from {@code getObject}); {@code DatabaseMetaData} and its result
 * sets are left untouched. Masked getters: {@code getString}, {@code getNString}, {@code
 * getObject} (String and Clob values), {@code getCharacterStream}, {@code getNCharacterStream},
 * {@code getAsciiStream}, {@code getClob}, {@code getNClob} on text columns (CHAR, VARCHAR,
 * LONGVARCHAR, their N forms, CLOB, NCLOB). Other types are returned as the driver gives them.
 *
 * <p>Masking counts are sent to the guard's audit sink once per result set (when it is exhausted,
 * closed, or its statement closes or executes again), as {@code column:<label> -> n}; never values.
 */
public final class MaskingProxies {
  /** The audit context of masking events from result sets. */
  public static final String AUDIT_CONTEXT = "jdbc.resultset";

  private static final ClassLoader LOADER = MaskingProxies.class.getClassLoader();

  private MaskingProxies() {}

  /** Wraps a connection so its statements' result sets are masked. */
  public static Connection connection(Connection delegate, ResidencyGuard guard) {
    ConnectionHandler h = new ConnectionHandler(delegate, guard);
    Connection proxy = (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, h);
    h.proxy = proxy;
    return proxy;
  }

  static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Handles the {@code Wrapper} and {@code Object} methods; returns {@code NOT_HANDLED} otherwise. */
  static Object common(Object proxy, Object delegate, Method m, Object[] args) throws SQLException {
    switch (m.getName()) {
      case "unwrap":
        if (args != null && args.length == 1 && args[0] instanceof Class) {
          Class<?> iface = (Class<?>) args[0];
          if (iface.isInstance(proxy)) {
            return proxy;
          }
          if (iface.isInstance(delegate)) {
            return delegate;
          }
          return ((java.sql.Wrapper) delegate).unwrap(iface);
        }
        return NOT_HANDLED;
      case "isWrapperFor":
        if (args != null && args.length == 1 && args[0] instanceof Class) {
          Class<?> iface = (Class<?>) args[0];
          return iface.isInstance(proxy) || iface.isInstance(delegate) || ((java.sql.Wrapper) delegate).isWrapperFor(iface);
        }
        return NOT_HANDLED;
      case "equals":
        return args != null && args.length == 1 ? proxy == args[0] : NOT_HANDLED;
      case "hashCode":
        return args == null || args.length == 0 ? System.identityHashCode(proxy) : NOT_HANDLED;
      case "toString":
        return args == null || args.length == 0 ? "Masking[" + delegate + "]" : NOT_HANDLED;
      default:
        return NOT_HANDLED;
    }
  }

  static final Object NOT_HANDLED = new Object();

  /** Whether the pipeline could change any column value (rules on columns, or scanning). */
  static boolean active(MaskingPipeline pipeline) {
    MaskingSettings s = pipeline.settings();
    if (s.scanStrings()) {
      return true;
    }
    for (MaskingSettings.FieldRule r : s.rules()) {
      if (r.target() == MaskingSettings.FieldRule.Target.COLUMN) {
        return true;
      }
    }
    return false;
  }

  /** Whether some column rule names a table or schema, so qualified names must be looked up. */
  static boolean needsQualifiedNames(MaskingPipeline pipeline) {
    for (MaskingSettings.FieldRule r : pipeline.settings().rules()) {
      if (r.target() == MaskingSettings.FieldRule.Target.COLUMN && r.pattern().indexOf('.') >= 0) {
        return true;
      }
    }
    return false;
  }

  private static final class ConnectionHandler implements InvocationHandler {
    final Connection delegate;
    final ResidencyGuard guard;
    Connection proxy;

    ConnectionHandler(Connection delegate, ResidencyGuard guard) {
      this.delegate = delegate;
      this.guard = guard;
    }

    @Override
    public Object invoke(Object p, Method m, Object[] args) throws Throwable {
      Object c = common(p, delegate, m, args);
      if (c != NOT_HANDLED) {
        return c;
      }
      Object r = MaskingProxies.invoke(delegate, m, args);
      String n = m.getName();
      if (r instanceof Statement
          && (n.equals("createStatement") || n.equals("prepareStatement") || n.equals("prepareCall"))) {
        return statement((Statement) r, m.getReturnType());
      }
      return r;
    }

    Statement statement(Statement s, Class<?> type) {
      Class<?> iface = type == CallableStatement.class ? CallableStatement.class
          : type == PreparedStatement.class ? PreparedStatement.class : Statement.class;
      StatementHandler h = new StatementHandler(s, this);
      Statement sp = (Statement) Proxy.newProxyInstance(LOADER, new Class<?>[] {iface}, h);
      h.proxy = sp;
      return sp;
    }
  }

  private static final class StatementHandler implements InvocationHandler {
    final Statement delegate;
    final ConnectionHandler connection;
    Statement proxy;
    MaskingResultSet current;

    StatementHandler(Statement delegate, ConnectionHandler connection) {
      this.delegate = delegate;
      this.connection = connection;
    }

    @Override
    public Object invoke(Object p, Method m, Object[] args) throws Throwable {
      Object c = common(p, delegate, m, args);
      if (c != NOT_HANDLED) {
        return c;
      }
      String n = m.getName();
      if (n.equals("getConnection") && (args == null || args.length == 0)) {
        return connection.proxy;
      }
      if (n.equals("close") || n.startsWith("execute")) {
        flushCurrent();
      }
      Object r = MaskingProxies.invoke(delegate, m, args);
      if (r instanceof ResultSet) {
        MaskingPipeline pipeline = connection.guard.masking();
        if (!active(pipeline)) {
          return r;
        }
        MaskingResultSet rs = new MaskingResultSet((ResultSet) r, proxy, connection.guard, pipeline);
        if (!n.equals("getGeneratedKeys") && !n.equals("getObject")) {
          flushCurrent();
          current = rs;
        }
        return rs;
      }
      return r;
    }

    private void flushCurrent() {
      MaskingResultSet h = current;
      current = null;
      if (h != null) {
        h.flush();
      }
    }
  }

  static boolean isText(int sqlType) {
    switch (sqlType) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return true;
      default:
        return false;
    }
  }

  /**
   * {@code schema.table.column} as far as the driver knows it. PostgreSQL reports an empty schema
   * through the standard API and the real names through {@code getBase*Name}.
   */
  static String qualifiedName(ResultSetMetaData md, int i) throws SQLException {
    String schema = base(md, "getBaseSchemaName", i);
    String table = base(md, "getBaseTableName", i);
    String column = base(md, "getBaseColumnName", i);
    if (schema == null || schema.isEmpty()) {
      schema = md.getSchemaName(i);
    }
    if (table == null || table.isEmpty()) {
      table = md.getTableName(i);
    }
    if (column == null || column.isEmpty()) {
      column = md.getColumnName(i);
    }
    StringBuilder sb = new StringBuilder();
    if (schema != null && !schema.isEmpty() && table != null && !table.isEmpty()) {
      sb.append(schema).append('.');
    }
    if (table != null && !table.isEmpty()) {
      sb.append(table).append('.');
    }
    return sb.append(column).toString();
  }

  private static String base(ResultSetMetaData md, String getter, int i) {
    try {
      Method m = md.getClass().getMethod(getter, int.class);
      Object v = m.invoke(md, i);
      return v instanceof String ? (String) v : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
