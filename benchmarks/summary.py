#!/usr/bin/env python3
"""Prints the issue figures from benchmarks/target/jmh-*.json as one table (benchmarks/run.sh)."""
import glob
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "target")
scores = {}  # (file name, short benchmark name) -> metric dict
for path in sorted(glob.glob(os.path.join(out, "jmh-*.json"))):
    run = os.path.basename(path)[4:-5]
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        continue
    for b in data:
        name = b["benchmark"].rsplit(".", 1)[1]
        scores[(run, name)] = b["primaryMetric"]
        for sub, m in b.get("secondaryMetrics", {}).items():
            scores[(run, name + ":" + sub)] = m


def score(run, name):
    m = scores.get((run, name))
    return None if m is None else m["score"]


def p99(run, name):
    m = scores.get((run, name))
    return None if m is None else m.get("scorePercentiles", {}).get("99.0")


def fmt(v, digits=2):
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def diff(a, b):
    return None if a is None or b is None else a - b


MB = (1 << 20) / 1e6  # DetectionBenchmark.TEXT_CHARS chars per op, in millions
rows = []


def row(figure, value, unit, base_label, base, r, target):
    rows.append((figure, f"{fmt(value)} {unit}", f"{base_label} {fmt(base)}" if base_label else "", fmt(r), target))


g_cached, g_floor = score("guard", "cachedDecision"), score("guard", "baselineEndpointEquals")
row("Cached decision (issue 2)", g_cached, "ns", "endpoint hash+equals ns", g_floor, ratio(g_cached, g_floor), "<= 100 ns")
unc, uri = score("guard", "uncachedProviderUrl"), score("guard", "baselineUriParse")
row("Uncached provider URL, parse incl. (issue 2)", unc and unc / 1000, "us", "java.net.URI parse us", uri and uri / 1000,
    ratio(unc, uri), "<= 5 us")
det, det_sparse = score("detection", "detect"), score("detection", "detectSparse")
char_sum, index_of = score("detection", "baselineCharSum"), score("detection", "baselineIndexOfAt")
row("Detection, dense text (issue 3)", det and det * MB, "MB/s", "char-sum loop MB/s", char_sum and char_sum * MB,
    ratio(det, char_sum), "MB/s vs baseline")
row("Detection, sparse text", det_sparse and det_sparse * MB, "MB/s", "indexOf('@') MB/s", index_of and index_of * MB,
    ratio(det_sparse, char_sum), "")
det_varied = score("detection", "detectVaried")
row("Detection, dense text, values not repeated", det_varied and det_varied * MB, "MB/s", "dense, repeated MB/s",
    det and det * MB, ratio(det_varied, det), "")
red, rep = score("masking", "detectRedact1MB"), score("masking", "baselineReplace1MB")
row("Detect + redact 1 MB", red, "MB/s", "String.replace MB/s", rep, ratio(red, rep), "")
m4, j4 = p99("llm", "maskPrompt4k"), p99("llm", "baselineJsonRoundTrip4k")
row("Mask 4 KB prompt, p99 (issue 7)", m4, "us", "Jackson round trip p99 us", j4, ratio(m4, j4), "p99 < 1000 us")
t4 = p99("masking", "tokenize4KBPrompt")
row("Tokenize 4 KB prompt, p99", t4, "us", "", None, None, "p99 < 1000 us")
sse, sse_base = score("llm", "unmaskSseEventWithTokens"), score("llm", "baselineParseSseEvent")
row("Unmask SSE event with tokens (issue 7)", sse, "us", "Jackson parse of event us", sse_base, ratio(sse, sse_base),
    "<= 20 us per event")
sse_plain = score("llm", "unmaskSseEventWithoutTokens")
row("Unmask SSE event without tokens", sse_plain, "us", "Jackson parse of event us", sse_base, ratio(sse_plain, sse_base), "")
bc, bc_base = score("bedrock", "unmaskConverseFrameWithTokens"), score("bedrock", "baselineDecodeEncodeConverseFrame")
row("Unmask Bedrock ConverseStream frame with tokens", bc, "us", "decode+encode frame us", bc_base, ratio(bc, bc_base),
    "<= 20 us per event")
bc_plain = score("bedrock", "unmaskConverseFrameWithoutTokens")
row("Bedrock ConverseStream frame without tokens", bc_plain, "us", "decode+encode frame us", bc_base,
    ratio(bc_plain, bc_base), "")
bi, bi_base = score("bedrock", "unmaskInvokeChunkWithTokens"), score("bedrock", "baselineDecodeEncodeInvokeChunk")
row("Unmask Bedrock InvokeModel chunk with tokens", bi, "us", "decode+base64+JSON+encode us", bi_base, ratio(bi, bi_base),
    "<= 20 us per event")
bw, br = score("jdbc", "borrowWrapped"), score("jdbc", "borrowRaw")
row("JDBC borrow + SELECT 1 (issue 4)", bw, "us", "raw HikariCP us", br, ratio(bw, br), "ratio <= 1.02")
cw, cr = score("jdbc", "checkOnlyWrapped"), score("jdbc", "checkOnlyRaw")
row("JDBC wrapper cost per getConnection", diff(cw, cr), "ns added", "raw ns", cr, ratio(cw, cr), "")
rw, rm, rr = score("jdbc", "readWrappedNoMasking"), score("jdbc", "readWrappedMasking"), score("jdbc", "readRaw")
row("JDBC read 10k rows, no masking", rw, "rows/s", "raw rows/s", rr, ratio(rr, rw), "time ratio")
row("JDBC read 10k rows, 3 masked columns", rm, "rows/s", "raw rows/s", rr, ratio(rr, rm), "time ratio")
gw, gp = score("okhttp", "get:getWrapped"), score("okhttp", "get:getPlain")
row("OkHttp GET, paired threads (issue 5)", gw, "us", "plain OkHttp us", gp, ratio(gw, gp), "ratio")
pw, pp = score("okhttp", "post:postJson4kWrappedMasked"), score("okhttp", "post:postJson4kPlain")
row("OkHttp 4 KB JSON POST, masked (issue 5)", diff(pw, pp), "us added", "plain POST us", pp, ratio(pw, pp), "+us for 4 KB")
iw, ip = score("okhttp", "inMemoryWrapped"), score("okhttp", "inMemoryPlain")
row("OkHttp interceptor cost, in memory", diff(iw, ip), "us added", "plain in-memory us", ip, ratio(iw, ip), "")
mj = score("okhttp", "maskJson4kAlone")
row("Mask 4 KB JSON body alone", mj, "us", "", None, None, "")
sg, sp = score("s3", "paired:guarded"), score("s3", "paired:plain")
row("S3 Put+Get 1 KB, paired threads (issue 6)", sg, "us", "plain S3Client us", sp, ratio(sg, sp), "ratio <= 1.05")
sgs, sps = score("s3", "guardedPutGet"), score("s3", "plainPutGet")
row("S3 Put+Get 1 KB, one after the other", sgs, "us", "plain S3Client us", sps, ratio(sgs, sps), "ratio <= 1.05")
row("S3 interceptor hooks per call, no network", score("s3", "interceptorOnly"), "us", "", None, None, "")
machine = ratio(score("scaling-t2", "baselineThreadLocalMap"), score("scaling-t1", "baselineThreadLocalMap"))
row("Scaling 1->2 threads, unshared map (machine)", machine, "x", "", None, None, "what the machine allows now")
for name in ("cached", "mixed"):
    t1, t2 = score("scaling-t1", name), score("scaling-t2", name)
    row(f"Guard scaling 1->2 threads, {name} (issue 9)", ratio(t2, t1), "x", "unshared-map scaling", machine,
        ratio(ratio(t2, t1), machine), ">= 1.8x")

headers = ("Figure", "Measured", "Baseline (same run)", "Ratio", "Target")
widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
