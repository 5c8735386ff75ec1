package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlsTest {

  /** Renders the endpoints as "host:port" joined by spaces, to compare a whole list at once. */
  private static String hosts(List<Endpoint> endpoints) {
    return endpoints.stream().map(e -> e.displayHost() + ":" + e.port()).collect(Collectors.joining(" "));
  }

  static Stream<Arguments> hostUrls() {
    return Stream.of(
        // PostgreSQL
        Arguments.of("jdbc:postgresql://db.example.com/app", "db.example.com:5432"),
        Arguments.of("jdbc:postgresql://DB.Example.com:6543/app?sslmode=require", "db.example.com:6543"),
        Arguments.of("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary", "h1:5432 h2:5433"),
        Arguments.of("jdbc:postgresql://h1,h2,h3/db", "h1:5432 h2:5432 h3:5432"),
        Arguments.of("jdbc:postgresql://[::1]:5432/db", "[::1]:5432"),
        Arguments.of("jdbc:postgresql://[::1]/db", "[::1]:5432"),
        Arguments.of("jdbc:postgresql://[::1]:5432,[2001:db8::1]:5433/db", "[::1]:5432 [2001:db8::1]:5433"),
        Arguments.of("jdbc:postgresql://[::ffff:10.0.0.1]/db", "10.0.0.1:5432"),
        Arguments.of("jdbc:postgresql://167772161/db", "10.0.0.1:5432"),
        Arguments.of("jdbc:postgresql://u:p@db.example.com/app", "db.example.com:5432"),
        Arguments.of("jdbc:postgresql://s3.eu-west-1.amazonaws.com@evil.com/db", "evil.com:5432"),
        Arguments.of("JDBC:PostgreSQL://DB.example.com./app", "db.example.com:5432"),
        Arguments.of("jdbc:pgsql://h/db", "h:5432"),
        // MySQL and MariaDB
        Arguments.of("jdbc:mysql://h:3307/db", "h:3307"),
        Arguments.of("jdbc:mysql://h/db?user=u&password=secret", "h:3306"),
        Arguments.of("jdbc:mysql://u:pw@h1:3306/db", "h1:3306"),
        Arguments.of("jdbc:mysql:replication://h1,h2/db", "h1:3306 h2:3306"),
        Arguments.of("jdbc:mysql:loadbalance://h1:3306,h2:3307/db", "h1:3306 h2:3307"),
        Arguments.of("jdbc:mysql://address=(host=h1)(port=3307)(user=u),address=(host=h2)/db", "h1:3307 h2:3306"),
        Arguments.of("jdbc:mysql://address=(protocol=tcp)(host=h1)(port=3307)/db", "h1:3307"),
        Arguments.of("jdbc:mysql://(host=h1,port=3307,user=u),(host=h2)/db", "h1:3307 h2:3306"),
        Arguments.of("jdbc:mysql://[h1:1,h2:2]/db", "h1:1 h2:2"),
        Arguments.of("jdbc:mysql://[(host=h1,port=1),(host=h2)]/db", "h1:1 h2:3306"),
        Arguments.of("jdbc:mysql://[::1]:3306/db", "[::1]:3306"),
        Arguments.of("jdbc:mysql:///db", "localhost:3306"),
        Arguments.of("jdbc:mysql://h/db?socksProxyHost=proxy.example.com", "h:3306 proxy.example.com:1080"),
        Arguments.of("jdbc:mysqlx://h/db", "h:33060"),
        Arguments.of("jdbc:mariadb://h1,h2/db", "h1:3306 h2:3306"),
        Arguments.of("jdbc:mariadb:sequential://h1:3306,h2:3307/db", "h1:3306 h2:3307"),
        Arguments.of("jdbc:mariadb:replication://h1,h2/db", "h1:3306 h2:3306"),
        Arguments.of("jdbc:mariadb:loadbalance://h1/db", "h1:3306"),
        Arguments.of("jdbc:mariadb://address=(host=h1)(port=3306)(type=master),address=(host=h2)(port=3307)(type=replica)/db",
            "h1:3306 h2:3307"),
        // SQL Server and jTDS
        Arguments.of("jdbc:sqlserver://h:1433;databaseName=d;password=secret", "h:1433"),
        Arguments.of("jdbc:sqlserver://h;databaseName=d", "h:1433"),
        Arguments.of("jdbc:sqlserver://;serverName=h;databaseName=d", "h:1433"),
        Arguments.of("jdbc:sqlserver://;serverName=h;portNumber=1500", "h:1500"),
        Arguments.of("jdbc:sqlserver://h;failoverPartner=h2;password=secret", "h:1433 h2:1433"),
        Arguments.of("jdbc:sqlserver://h;FAILOVERPARTNER=h2\\inst2", "h:1433 h2:1433"),
        Arguments.of("jdbc:sqlserver://h\\inst:1500;databaseName=d", "h:1500"),
        Arguments.of("jdbc:sqlserver://h\\inst;databaseName=d", "h:1433"),
        Arguments.of("jdbc:sqlserver://tcp:srv.database.windows.net,1433;database=d", "srv.database.windows.net:1433"),
        Arguments.of("jdbc:sqlserver://h;serverName=other", "h:1433 other:1433"),
        Arguments.of("jdbc:sqlserver://h;serverName=a;serverName=b", "h:1433 a:1433 b:1433"),
        Arguments.of("jdbc:sqlserver://h;serverName={h2}", "h:1433 h2:1433"),
        Arguments.of("jdbc:sqlserver://[::1]:1433;databaseName=d", "[::1]:1433"),
        Arguments.of("jdbc:jtds:sqlserver://h:1433/db;instance=x", "h:1433"),
        Arguments.of("jdbc:jtds:sybase://h:5000/db", "h:5000"),
        // Oracle
        Arguments.of("jdbc:oracle:thin:@//h:1521/svc", "h:1521"),
        Arguments.of("jdbc:oracle:thin:@h:1521:SID", "h:1521"),
        Arguments.of("jdbc:oracle:thin:@h:1522/svc", "h:1522"),
        Arguments.of("jdbc:oracle:thin:user/pw@h:1521/svc", "h:1521"),
        Arguments.of("jdbc:oracle:thin:user/pw@//h:1521/svc", "h:1521"),
        Arguments.of("jdbc:oracle:thin:@tcps://h:2484/svc", "h:2484"),
        Arguments.of("jdbc:oracle:thin:@tcps://h:2484/svc?wallet_location=/w", "h:2484"),
        Arguments.of("jdbc:oracle:thin:@h:1521/svc?https_proxy=proxy.example.com&https_proxy_port=80",
            "h:1521 proxy.example.com:443"),
        Arguments.of("jdbc:oracle:thin:@[::1]:1521/svc", "[::1]:1521"),
        Arguments.of("jdbc:oracle:thin:@[::1]:1521:SID", "[::1]:1521"),
        Arguments.of("jdbc:oracle:thin:@h1:1521,h2:1522/svc", "h1:1521 h2:1522"),
        Arguments.of("jdbc:oracle:thin:@myalias", "myalias:1521"),
        Arguments.of("jdbc:oracle:oci:@h:1521/svc", "h:1521"),
        Arguments.of("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h1)(PORT=1521))"
            + "(CONNECT_DATA=(SERVICE_NAME=s)))", "h1:1521"),
        Arguments.of("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=h1)(PORT=1521))"
            + "(ADDRESS=(PROTOCOL=TCP)(HOST=h2)(PORT=1522)))(CONNECT_DATA=(SERVICE_NAME=s)))", "h1:1521 h2:1522"),
        Arguments.of("jdbc:oracle:thin:user/pw@(description=(address=(host=h1)(protocol=tcp)(port=1521))"
            + "(connect_data=(sid=x)))", "h1:1521"),
        Arguments.of("jdbc:oracle:thin:@( DESCRIPTION = ( ADDRESS = ( PROTOCOL = TCP ) ( HOST = h1 ) ( PORT = 1521 ) ) )",
            "h1:1521"),
        Arguments.of("jdbc:oracle:thin:@(DESCRIPTION_LIST=(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=1)))"
            + "(DESCRIPTION=(ADDRESS=(HOST=h2)(PORT=2))))", "h1:1 h2:2"),
        Arguments.of("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=h1)(PORT=1521)"
            + "(HTTPS_PROXY=px.example.com)(HTTPS_PROXY_PORT=8080)))", "h1:1521 px.example.com:8080"),
        Arguments.of("jdbc:oracle:thin:@(DESCRIPTION=(FAILOVER=on)(ADDRESS=(HOST=h1)(PORT=1521))"
            + "(ADDRESS=(HOST=evil.example)(PORT=1)))", "h1:1521 evil.example:1"),
        // Redshift
        Arguments.of("jdbc:redshift://c.abc.eu-west-1.redshift.amazonaws.com:5439/dev",
            "c.abc.eu-west-1.redshift.amazonaws.com:5439"),
        Arguments.of("jdbc:redshift:iam://c.abc.eu-west-1.redshift.amazonaws.com/dev",
            "c.abc.eu-west-1.redshift.amazonaws.com:5439"),
        // wrapper prefixes, stacked and in any case
        Arguments.of("jdbc:aws-wrapper:postgresql://h:5432/db", "h:5432"),
        Arguments.of("jdbc:aws-wrapper:mysql://h1,h2/db", "h1:3306 h2:3306"),
        Arguments.of("jdbc:p6spy:mysql://h:3306/db", "h:3306"),
        Arguments.of("jdbc:P6SPY:aws-wrapper:postgresql://h/db", "h:5432"),
        Arguments.of("jdbc:otel:postgresql://h/db", "h:5432"),
        // servers of embeddable engines and others
        Arguments.of("jdbc:h2:tcp://h:9092/~/test", "h:9092"),
        Arguments.of("jdbc:h2:ssl://h/~/test", "h:9092"),
        Arguments.of("jdbc:h2:tcp://h1,h2/~/test", "h1:9092 h2:9092"),
        Arguments.of("jdbc:h2:tcp:evil.example/db", "evil.example:9092"),
        Arguments.of("jdbc:h2:SSL:evil.example:9093/~/db", "evil.example:9093"),
        Arguments.of("jdbc:hsqldb:hsql://h/db", "h:9001"),
        Arguments.of("jdbc:derby://h:1527/db;create=true", "h:1527"),
        Arguments.of("jdbc:derby:net://h:1527/db", "h:1527"),
        Arguments.of("jdbc:db2://h:50000/db", "h:50000"),
        Arguments.of("jdbc:db2://h:50000/db:clientRerouteAlternateServerName=h2,h3;clientRerouteAlternatePortNumber=1,2;",
            "h:50000 h2:50000 h3:50000"),
        Arguments.of("jdbc:snowflake://acct.eu-central-1.snowflakecomputing.com/?db=x",
            "acct.eu-central-1.snowflakecomputing.com:443"),
        Arguments.of("jdbc:clickhouse:https://h/db", "h:8123"),
        Arguments.of("jdbc:vertica://h:5433/db", "h:5433"));
  }

  @ParameterizedTest
  @MethodSource("hostUrls")
  void findsEveryHostTheDriverMayConnectTo(String url, String expected) {

    List<Endpoint> endpoints = JdbcUrls.parse(url);

    assertThat(hosts(endpoints)).isEqualTo(expected);
    assertThat(endpoints).allSatisfy(e -> assertThat(e.kind()).isEqualTo(EndpointKind.JDBC));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:h2:mem:test", "jdbc:h2:mem:", "jdbc:h2:file:/tmp/x", "jdbc:h2:~/test", "jdbc:h2:./data/x",
      "jdbc:h2:test;AUTO_SERVER=TRUE", "jdbc:h2:zip:~/db.zip!/test", "jdbc:sqlite:/tmp/x.db", "jdbc:sqlite::memory:",
      "jdbc:hsqldb:mem:x", "jdbc:hsqldb:file:/x", "jdbc:sqlite:file:///tmp/x.db", "jdbc:sqlite::resource:x.db", "jdbc:derby:memory:x;create=true", "jdbc:derby:/var/db",
      "jdbc:p6spy:h2:mem:x"})
  void embeddedDatabasesHaveNoHost(String url) {

    List<Endpoint> endpoints = JdbcUrls.parse(url);

    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e.host()).isNull();
      assertThat(e.attribute("embedded")).isNotNull();
    });
  }

  static Stream<Arguments> connectorUrls() {
    return Stream.of(
        Arguments.of("jdbc:postgresql:///db?cloudSqlInstance=proj:europe-west3:inst"
            + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory&user=u&password=secret",
            "proj:europe-west3:inst", "gcp:europe-west3"),
        // the host is ignored by the connector, so it is not an endpoint
        Arguments.of("jdbc:postgresql://ignored.example/db?socketFactory=com.google.cloud.sql.postgres.SocketFactory"
            + "&cloudSqlInstance=proj:europe-west3:inst", "proj:europe-west3:inst", "gcp:europe-west3"),
        Arguments.of("jdbc:mysql:///db?cloudSqlInstance=domain.com:proj:us-central1:inst"
            .replace("domain.com:", "") + "&socketFactory=com.google.cloud.sql.mysql.SocketFactory",
            "proj:us-central1:inst", "gcp:us-central1"),
        // pgjdbc percent-decodes property values; so do we
        Arguments.of("jdbc:postgresql:///db?cloudSqlInstance=p%3Aus-central1%3Ai"
            + "&socketFactory=com%2Egoogle%2Ecloud%2Esql%2Epostgres%2ESocketFactory", "p:us-central1:i",
            "gcp:us-central1"),
        Arguments.of("jdbc:sqlserver://localhost;databaseName=d;socketFactoryClass=com.google.cloud.sql.sqlserver.SocketFactory;"
            + "socketFactoryConstructorArg=proj:europe-west1:inst", "proj:europe-west1:inst", "gcp:europe-west1"),
        Arguments.of("jdbc:postgresql:///db?alloydbInstanceName=projects/p/locations/europe-west1/clusters/c/instances/i"
            + "&socketFactory=com.google.cloud.alloydb.SocketFactory",
            "projects/p/locations/europe-west1/clusters/c/instances/i", "gcp:europe-west1"),
        Arguments.of("jdbc:redshift:iam://examplecluster:us-west-2/dev", "examplecluster", "aws:us-west-2"),
        Arguments.of("jdbc:aws-wrapper:postgresql:///db?cloudSqlInstance=p:europe-west4:i"
            + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory", "p:europe-west4:i", "gcp:europe-west4"));
  }

  @ParameterizedTest
  @MethodSource("connectorUrls")
  void connectorsArePlacedByTheirInstance(String url, String resource, String location) {

    List<Endpoint> endpoints = JdbcUrls.parse(url);

    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e.host()).isNull();
      assertThat(e.resource()).isEqualTo(resource);
      assertThat(e.resourceLocation()).isEqualTo(location);
    });
  }

  @Test
  void aSocketFactoryHiddenInsideAnotherValueIsNotTakenAsTheConnector() {

    List<Endpoint> endpoints = JdbcUrls.parse("jdbc:postgresql://us-host.example/db?options=-c%20x;"
        + "socketFactory=com.google.cloud.sql.postgres.SocketFactory;cloudSqlInstance=p:europe-west3:i");

    assertThat(hosts(endpoints)).isEqualTo("us-host.example:5432");
  }

  @Test
  void cloudSqlInstanceWithoutItsSocketFactoryIsIgnoredLikeTheDriverDoes() {

    List<Endpoint> endpoints = JdbcUrls.parse("jdbc:postgresql://evil.com/db?cloudSqlInstance=p:europe-west3:i");

    assertThat(hosts(endpoints)).isEqualTo("evil.com:5432");
    assertThat(endpoints.get(0).resourceLocation()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // not JDBC, no or unknown subprotocol
      "postgresql://h/db", "jdbc:", "jdbc:x", "jdbc:unknown:foo", "jdbc:aws-wrapper:", "jdbc:p6spy:",
      // userinfo and host tricks
      "jdbc:postgresql://u@ev@il.com/db", "jdbc:mysql://a@b@evil.com/db", "jdbc:postgresql://h%2ecom/db",
      "jdbc:postgresql://h\\x/db", "jdbc:postgresql://h\u0000x/db", "jdbc:postgresql://h/db?password=secret\u0000",
      "jdbc:postgresql://h/db\n", "jdbc:postgresql://h..com/db", "jdbc:postgresql://s3.amazonaws\u2024com/db",
      "jdbc:postgresql://::1:5432/db", "jdbc:postgresql://[::1/db", "jdbc:postgresql://[::1]x/db",
      "jdbc:postgresql://h:99999/db", "jdbc:postgresql://h:x/db", "jdbc:postgresql://h,/db",
      "jdbc:postgresql://,h/db", "jdbc:redshift://", "jdbc:db2:db", "jdbc:postgresql://0177.0.0.1/db",
      // PostgreSQL without a host in the URL: pgjdbc finds one in properties, services, the environment
      "jdbc:postgresql:db", "jdbc:postgresql:///db", "jdbc:postgresql://:5432/db", "jdbc:postgresql:",
      "jdbc:postgresql://", "jdbc:postgresql://h1,:5433/db", "jdbc:pgsql:db", "jdbc:aws-wrapper:postgresql:///db",
      "jdbc:postgresql:db?service=prod-us", "jdbc:postgresql://?service=prod-us",
      // PostgreSQL services (pg_service.conf) and MySQL DNS SRV or local sockets
      "jdbc:postgresql://h/db?service=prod-us", "jdbc:postgresql://h/db?SERVICE=prod-us",
      "jdbc:postgresql://h/db?sslmode=require&service=prod-us", "jdbc:mysql://h/db?dnsSrv=true",
      "jdbc:mysql://h/db?DNSSRV=TRUE", "jdbc:mysqlx://h/db?xdevapi.dns-srv=true",
      "jdbc:mariadb://h/db?localSocket=/var/run/mysqld.sock", "jdbc:mariadb://h/db?pipe=mysql",
      // properties that move the connection elsewhere
      "jdbc:postgresql://h/db?PGHOST=evil.com", "jdbc:postgresql://h/db?pghost=evil.com",
      "jdbc:postgresql://h/db?Host=evil.com",
      "jdbc:mysql://h/db?host=evil.com",
      "jdbc:postgresql://h/db?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg",
      "jdbc:mysql://h/db?socketFactory=com.example.Socks",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory&cloudSqlInstance=p:r",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory&cloudSqlInstance=a:b:c:d",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory"
          + "&cloudSqlInstance=p:europe-west3:i&cloudSqlInstance=p:us-central1:i",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory"
          + "&socketFactory=com.example.Other&cloudSqlInstance=p:europe-west3:i",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory&cloudSqlInstance=p%ZZ",
      "jdbc:postgresql:///db?socketFactory=com.google.cloud.alloydb.SocketFactory",
      "jdbc:postgresql://us-host.example/db?SOCKETFACTORY=com.google.cloud.sql.postgres.SocketFactory"
          + "&cloudSqlInstance=p:europe-west3:i",
      "jdbc:postgresql://us-host.example/db?socketFactory=com.google.cloud.sql.postgres.SocketFactory"
          + "&CloudSqlInstance=p:europe-west3:i",
      "jdbc:mysql+srv://_mysql._tcp.example.com/db", "jdbc:mysqlx+srv://example.com/db",
      "jdbc:mysql:srv://example.com/db",
      // MySQL / MariaDB host specifications
      "jdbc:mysql://h1,,h2/db", "jdbc:mysql://address=(host=h1)x(host=h2)/db", "jdbc:mysql://(host=h1,host=h2)/db",
      "jdbc:mysql://address=(port=1)/db", "jdbc:mysql://(port=1)/db", "jdbc:mysql://[h1,h2/db",
      "jdbc:mariadb://address=(host=h1)(host=h2)/db",
      // SQL Server
      "jdbc:sqlserver:h", "jdbc:sqlserver://", "jdbc:sqlserver://;databaseName=d", "jdbc:sqlserver://h,1,2",
      "jdbc:sqlserver://h;portNumber=1;port=2", "jdbc:jtds:h", "jdbc:sqlserver://h;serverName=evil}",
      // Oracle
      "jdbc:oracle:thin:", "jdbc:oracle:thin:h:1521:SID", "jdbc:oracle:kprb:@h", "jdbc:oracle:thin:@",
      "jdbc:oracle:thin:us@er/p@ss@h:1521/svc", "jdbc:oracle:thin:scott/\"p@ss\"@h:1521/svc",
      "jdbc:oracle:thin:@ldap://ldap.example.com/cn=x", "jdbc:oracle:thin:@h:1:2:3",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h1)(HOST=h2)(PORT=1521)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=1521))(ADDRESS=(PROTOCOL=TCP)(HOST=(x))(PORT=1)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=1521))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=1521)))junk(ADDRESS=(HOST=evil))",
      "jdbc:oracle:thin:@(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=s)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=1521)(PORT=1522)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=evil.com@h)(PORT=1521)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h1)(PORT=x)))",
      "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=HOST=h1))",
      // Redshift IAM
      "jdbc:redshift:iam://Bad_Cluster!:us-west-2/dev", "jdbc:redshift:iam://c:us-west-2/db?PGHOST=evil.com",
      "jdbc:redshift:iam://c:eu-west-1/db?Region=us-east-1", "jdbc:redshift:iam://c:eu-west-1/db?ClusterID=other",
      "jdbc:redshift:iam://c:eu-west-1/db?EndpointUrl=https://evil.example",
      // H2
      "jdbc:h2:weird://h/db", "jdbc:h2:tcp:", "jdbc:h2:tcp:/db",
      // databases fetched or served elsewhere
      "jdbc:sqlite::resource:http://evil.example/x.db", "jdbc:sqlite::resource:HTTPS://evil.example/x.db",
      "jdbc:derby:foo://h/db"})
  void refusesWhatItCannotParseSafely(String url) {

    Throwable thrown = catchThrowable(() -> JdbcUrls.parse(url));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void aDnsSrvPropertySetToFalseChangesNothing() {

    List<Endpoint> endpoints = JdbcUrls.parse("jdbc:mysql://h/db?dnsSrv=false");

    assertThat(hosts(endpoints)).isEqualTo("h:3306");
  }

  @Test
  void anOracleHttpsProxyInTheUrlIsAHopToo() {

    List<Endpoint> endpoints = JdbcUrls.parse("jdbc:oracle:thin:@db.example:1521/svc?oracle.net.httpsProxyHost=proxy.example");

    assertThat(hosts(endpoints)).isEqualTo("db.example:1521 proxy.example:443");
  }

  static Stream<Arguments> urlsWithProperties() {
    return Stream.of(
        // pgjdbc: the URL's host wins over PGHOST today; both must pass, whatever a version prefers
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("PGHOST", "evil.example"), "db.example:5432 evil.example:5432"),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("PGHOST", "a.example,b.example", "PGPORT", "6543"),
            "db.example:5432 a.example:6543 b.example:6543"),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("pghost", "evil.example"), "db.example:5432 evil.example:5432"),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("host", "evil.example"), "db.example:5432 evil.example:5432"),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("user", "u", "password", "pw", "PGDBNAME", "x"), "db.example:5432"),
        // Connector/J: the host property stands in for a missing URL host
        Arguments.of("jdbc:mysql:///app", Map.of("HOST", "db.example", "PORT", "3307"), "db.example:3307"),
        Arguments.of("jdbc:mysql:///app", Map.of(), "localhost:3306"),
        Arguments.of("jdbc:mysql://db.example/app", Map.of("socksProxyHost", "proxy.example"), "db.example:3306 proxy.example:1080"),
        Arguments.of("jdbc:mysql://db.example/app", Map.of("dnsSrv", "false"), "db.example:3306"),
        // SQL Server: supplied properties win over the URL's
        Arguments.of("jdbc:sqlserver://eu.example;databaseName=d", Map.of("serverName", "us.example"), "eu.example:1433 us.example:1433"),
        Arguments.of("jdbc:sqlserver://;databaseName=d", Map.of("SERVERNAME", "db.example\\inst", "portNumber", "1444"),
            "db.example:1444"),
        Arguments.of("jdbc:sqlserver://eu.example", Map.of("failoverPartner", "us.example"), "eu.example:1433 us.example:1433"),
        Arguments.of("jdbc:jtds:sqlserver://eu.example/d", Map.of("SERVER", "us.example"), "eu.example:1433 us.example:1433"),
        // Oracle
        Arguments.of("jdbc:oracle:thin:@//db.example:1521/svc", Map.of("oracle.net.httpsProxyHost", "proxy.example"),
            "db.example:1521 proxy.example:443"));
  }

  @ParameterizedTest
  @MethodSource("urlsWithProperties")
  void everyHostTheConnectionPropertiesNameMustPassToo(String url, Map<String, String> properties, String expected) {

    List<Endpoint> endpoints = JdbcUrls.parse(url, properties);

    assertThat(hosts(endpoints)).isEqualTo(expected);
  }

  @Test
  void aCloudSqlConnectorConfiguredInThePropertiesPlacesAHostlessUrl() {

    List<Endpoint> endpoints = JdbcUrls.parse("jdbc:postgresql:///app", Map.of(
        "socketFactory", "com.google.cloud.sql.postgres.SocketFactory", "cloudSqlInstance", "p:europe-west3:i"));

    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e.host()).isNull();
      assertThat(e.resourceLocation()).isEqualTo("gcp:europe-west3");
    });
  }

  static Stream<Arguments> refusedWithProperties() {
    return Stream.of(
        // a hostless PostgreSQL URL is refused even when a property names the host
        Arguments.of("jdbc:postgresql:app", Map.of("PGHOST", "db.example")),
        Arguments.of("jdbc:postgresql:///app", Map.of("PGHOST", "db.example")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("service", "prod-us")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("SERVICE", "prod-us")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("PGSERVICE", "prod-us")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("PGHOST", "")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("PGHOST", "h", "PGPORT", "99999")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("SocketFactory", "com.example.Anywhere")),
        Arguments.of("jdbc:postgresql://db.example/app", Map.of("socketFactory", "com.example.Anywhere")),
        Arguments.of("jdbc:postgresql:///app?socketFactory=com.google.cloud.sql.postgres.SocketFactory&cloudSqlInstance=p:europe-west3:i",
            Map.of("cloudSqlInstance", "p:us-central1:i")),
        Arguments.of("jdbc:mysql://db.example/app", Map.of("dnsSrv", "true")),
        Arguments.of("jdbc:mariadb://db.example/app", Map.of("localSocket", "/tmp/s")),
        Arguments.of("jdbc:sqlserver://db.example", Map.of("socketFactoryClass", "com.example.Anywhere")),
        Arguments.of("jdbc:redshift:iam://c:eu-west-1/db", Map.of("Region", "us-east-1")),
        Arguments.of("jdbc:sqlserver://;databaseName=d", Map.of("failoverPartner", "db.example")));
  }

  @ParameterizedTest
  @MethodSource("refusedWithProperties")
  void refusesPropertiesThatRouteTheConnectionOutOfSight(String url, Map<String, String> properties) {
    Map<String, String> withSecret = new HashMap<>(properties);
    withSecret.put("password", "Sup3rS3cret");

    Throwable thrown = catchThrowable(() -> JdbcUrls.parse(url, withSecret));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
    assertThat(thrown.getMessage()).doesNotContain("Sup3rS3cret").doesNotContainIgnoringCase("password");
  }

  @Test
  void aHostlessPostgresUrlOrAServiceIsRefusedWithTheReasonAndTheFix() {

    Throwable hostless = catchThrowable(() -> JdbcUrls.parse("jdbc:postgresql:db"));
    Throwable service = catchThrowable(() -> JdbcUrls.parse("jdbc:postgresql:db?service=prod-us"));

    assertThat(hostless).isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("names no host").hasMessageContaining("jdbc:postgresql://host/db");
    assertThat(service).isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("pg_service.conf").hasMessageContaining("jdbc:postgresql://host/db");
  }

  static Stream<Arguments> urlsWithSecrets() {
    return Stream.of(
        Arguments.of("jdbc:postgresql://admin:Sup3rS3cret@h:x/db?password=Sup3rS3cret", "Sup3rS3cret"),
        Arguments.of("jdbc:postgresql://h/db?password=Sup3rS3cret&PGHOST=evil", "Sup3rS3cret"),
        Arguments.of("jdbc:postgresql://admin:Sup3rS3cret@ev@il.com/db", "Sup3rS3cret"),
        Arguments.of("jdbc:mysql://admin:Sup3rS3cret@h1,,h2/db", "Sup3rS3cret"),
        Arguments.of("jdbc:mysql://(host=h1,password=Sup3rS3cret,port=x)/db", "Sup3rS3cret"),
        Arguments.of("jdbc:mysql:Sup3rS3cret://h/db", "Sup3rS3cret"),
        Arguments.of("jdbc:sqlserver://h:99999;user=admin;password=Sup3rS3cret", "Sup3rS3cret"),
        Arguments.of("jdbc:sqlserver://h;password={Sup3r;S3cret};serverName=evil}", "Sup3r"),
        Arguments.of("jdbc:oracle:thin:admin/Sup3rS3cret@h:1:2:3", "Sup3rS3cret"),
        Arguments.of("jdbc:oracle:thin:admin/Sup3r@S3cret@h:1521/svc", "Sup3r"),
        Arguments.of("jdbc:oracle:thin:admin/Sup3rS3cret@(DESCRIPTION=(ADDRESS=(HOST=h1)(HOST=h2)))", "Sup3rS3cret"),
        Arguments.of("jdbc:admin:Sup3rS3cret@h/db", "Sup3rS3cret"),
        Arguments.of("jdbc:Sup3rS3cret:x", "Sup3rS3cret"),
        Arguments.of("jdbc:admin/Sup3rS3cret:x", "Sup3rS3cret"),
        Arguments.of("jdbc:postgresql://h/db?password=Sup3rS3cret\u0001", "Sup3rS3cret"),
        Arguments.of("jdbc:postgresql:///db?socketFactory=com.google.cloud.sql.postgres.SocketFactory"
            + "&password=Sup3rS3cret&cloudSqlInstance=Sup3rS3cret", "Sup3rS3cret"));
  }

  @ParameterizedTest
  @MethodSource("urlsWithSecrets")
  void errorMessagesNeverRepeatCredentialsOrProperties(String url, String secret) {

    Throwable thrown = catchThrowable(() -> JdbcUrls.parse(url));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
    assertThat(thrown.getMessage())
        .doesNotContainIgnoringCase(secret)
        .doesNotContainIgnoringCase("password")
        .doesNotContain("admin");
  }

  @Test
  void refusesNonJdbcInput() {

    assertThatThrownBy(() -> JdbcUrls.parse("https://h/")).isInstanceOf(InvalidEndpointException.class);
  }
}
