// Drives the residency demo MCP server with the official TypeScript MCP client, as a CrewAI crew
// would reach it: lists the tools, calls each one, and checks that allowed calls succeed and that
// out-of-region calls come back as tool errors (isError: true), not as crashes or hangs.
//
// usage: node client.mjs stdio <java> <args...>      (spawns the server)
//        node client.mjs http <url>                  (connects to a running server)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === "stdio") {
  transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: "inherit" });
} else if (mode === "http") {
  transport = new StreamableHTTPClientTransport(new URL(rest[0]));
} else {
  console.error("usage: node client.mjs stdio <command> [args...] | http <url>");
  process.exit(2);
}

const client = new Client({ name: "residency-e2e", version: "0.1.0" });
// Generous: on a loaded 2-core machine the server (a JVM plus an embedded PostgreSQL) can take a while to start.
const timeout = { timeout: 180_000 };
const failures = [];
const report = { transport: mode, tools: [], calls: [] };

function text(result) {
  return (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
}

async function call(name, args, expectError, mustContain) {
  const result = await client.callTool({ name, arguments: args }, undefined, timeout);
  const body = text(result);
  const isError = result.isError === true;
  report.calls.push({ name, isError, text: body.slice(0, 200) });
  if (isError !== expectError) {
    failures.push(`${name}: expected isError=${expectError}, got ${isError}: ${body.slice(0, 200)}`);
  }
  for (const needle of mustContain ?? []) {
    if (!body.includes(needle)) failures.push(`${name}: result lacks "${needle}": ${body.slice(0, 200)}`);
  }
  return body;
}

try {
  await client.connect(transport, timeout);
  const { tools } = await client.listTools(undefined, timeout);
  report.tools = tools.map((t) => t.name).sort();
  for (const expected of ["fetch_document", "http_get", "lookup_customer", "residency_explain", "store_document", "summarize"]) {
    const tool = tools.find((t) => t.name === expected);
    if (!tool) failures.push(`missing tool ${expected}`);
    else if (!tool.description || tool.inputSchema?.type !== "object") failures.push(`tool ${expected} lacks description or schema`);
  }

  const customer = await call("lookup_customer", { customer_id: 1 }, false, ["Anna Schmidt"]);
  if (customer.includes("anna.schmidt@example.de") || customer.includes("DE89370400440532013000")) {
    failures.push("lookup_customer: personal columns were not masked");
  }
  const ticket = await call("fetch_document", { bucket: "eu-support-docs", key: "tickets/4711.txt" }, false, ["double charge", "[EMAIL]"]);
  if (ticket.includes("anna.schmidt@example.de")) failures.push("fetch_document: personal data was not masked");
  await call("store_document", { bucket: "eu-support-docs", key: "summaries/4711.txt", content: "refund approved" }, false, ["stored"]);
  await call("store_document", { bucket: "us-analytics-exports", key: "x.txt", content: "no" }, true, ["denied by residency policy"]);
  await call("fetch_document", { bucket: "us-analytics-exports", key: "x.txt" }, true, ["denied by residency policy"]);
  await call("http_get", { url: "https://api.partner-us.example/v1/orders" }, true, ["denied by residency policy", "aws:us-east-1"]);
  await call("summarize", { text: "Anna (anna.schmidt@example.de) asks for a refund. Thanks." }, false, ["anna.schmidt@example.de"]);
  await call("summarize", { text: "Anna (anna.schmidt@example.de) asks for a refund.", model: "gpt-4o" }, true, ["denied by residency policy"]);
  await call("residency_explain", { target: "https://s3.us-east-1.amazonaws.com/bucket/key" }, false, ["DENY", "aws:us-east-1"]);
  await call("lookup_customer", {}, true, ["customer_id or name"]);
  // The server keeps serving after errors.
  await call("residency_explain", { target: "jdbc:postgresql://localhost:5432/app" }, false, ["ALLOW"]);
} catch (e) {
  failures.push(`client error: ${e?.stack ?? e}`);
} finally {
  await client.close().catch(() => {});
}

report.failures = failures;
console.log(JSON.stringify(report));
process.exit(failures.length === 0 ? 0 : 1);
