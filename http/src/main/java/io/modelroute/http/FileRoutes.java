package io.modelroute.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ModelRouteException;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.file.FileService;
import io.modelroute.file.StoredFile;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /v1/files}: file metadata and streamed downloads with ETag and Range (SPEC §7). */
final class FileRoutes {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private final FileService files;

  FileRoutes(FileService files) {
    this.files = files;
  }

  void register(RoutesConfig r) {
    r.get("/v1/files/{id}", ctx -> Requests.json(ctx, 200,
        fileJson(files.find(Requests.principal(ctx).orgId(), ctx.pathParam("id"))
            .orElseThrow(() -> ModelRouteException.notFound("File")))));
    r.get("/v1/files/{id}/download", this::download);
  }

  static ObjectNode fileJson(StoredFile f) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", f.id());
    n.put("status", f.status());
    n.put("purpose", f.purpose());
    n.put("content_type", f.contentType());
    if (f.sizeBytes() == null) {
      n.putNull("size_bytes");
    } else {
      n.put("size_bytes", f.sizeBytes());
    }
    n.put("sha256", f.sha256());
    n.put("created_at", ExecutionJson.time(f.createdAt()));
    n.put("expires_at", ExecutionJson.time(f.expiresAt()));
    return n;
  }

  private void download(Context ctx) {
    StoredFile f = files.require(Requests.principal(ctx).orgId(), ctx.pathParam("id"));
    serve(ctx, files, f);
  }

  /** Streams a READY file honouring {@code If-None-Match} and a single {@code Range}. */
  static void serve(Context ctx, FileService files, StoredFile f) {
    long size = f.sizeBytes() == null ? 0 : f.sizeBytes();
    String etag = "\"" + f.sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Cache-Control", "private, max-age=3600");
    ctx.contentType(f.contentType() == null ? "application/octet-stream" : f.contentType());
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    long start = 0;
    long end = size - 1;
    String range = ctx.header("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      boolean ok = m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty());
      if (ok) {
        if (m.group(1).isEmpty()) {
          start = Math.max(0, size - Long.parseLong(m.group(2)));
        } else {
          start = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            end = Math.min(end, Long.parseLong(m.group(2)));
          }
        }
        ok = start <= end && start < size;
      }
      if (!ok) {
        ctx.header("Content-Range", "bytes */" + size);
        throw ModelRouteException.invalid("Range", io.modelroute.FieldError.OUT_OF_RANGE,
            "Range not satisfiable for a file of " + size + " bytes");
      }
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    } else {
      ctx.status(200);
    }
    long length = end - start + 1;
    ctx.header("Content-Length", Long.toString(length));
    InputStream in = files.open(f, start);
    ctx.result(new BoundedInputStream(in, length));
  }

  /** Reads at most {@code limit} bytes of the underlying stream. */
  static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
