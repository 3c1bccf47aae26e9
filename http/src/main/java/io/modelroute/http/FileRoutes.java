package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.api.Deleted;
import io.modelroute.api.FileInfo;
import io.modelroute.api.FilePurpose;
import io.modelroute.api.FileStatus;
import io.modelroute.api.FileUploadTicket;
import io.modelroute.api.FileUrl;
import io.modelroute.auth.Principal;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.Page;
import io.modelroute.file.FileQuery;
import io.modelroute.file.FileService;
import io.modelroute.file.SignedUrl;
import io.modelroute.file.StoredFile;
import io.modelroute.file.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/files} (docs/files.md): the upload flow (request a signed URL, PUT the raw bytes to
 * it, confirm), metadata, streamed downloads with ETag and Range, signed download URLs and
 * deletion. The signed upload and download URLs ({@link FileService#UPLOAD_PATH}, {@link
 * FileService#DOWNLOAD_PATH}) carry their own authority and need no API key.
 */
final class FileRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(FileRoutes.class);
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:\\d{1,5})?");
  private static final Set<String> UPLOAD_FIELDS =
      Set.of("purpose", "ttl_days", "filename", "content_type", "size_bytes");
  private static final Set<String> OLDER_FIELDS = Set.of("filename", "content_type", "size_bytes");
  private static final int MAX_DECLARED_TEXT = 1024;

  private final FileService files;
  private final long maxBody;
  private final URI publicUrl;

  /**
   * @param publicUrl the base of signed URLs, or null to use each request's own address
   */
  FileRoutes(FileService files, long maxBody, URI publicUrl) {
    this.files = files;
    this.maxBody = maxBody;
    this.publicUrl = publicUrl;
  }

  /** Whether {@code path} is a signed upload or download URL, which authenticates itself. */
  static boolean isSignedUrl(String path) {
    return path.startsWith(FileService.UPLOAD_PATH) || path.startsWith(FileService.DOWNLOAD_PATH);
  }

  /**
   * {@code path} fit for logs: a signed URL's token is a capability, so only its file id is kept
   * ({@code /v1/files/upload/file_….<redacted>}).
   */
  static String loggable(String path) {
    if (!isSignedUrl(path)) {
      return path;
    }
    String prefix =
        path.startsWith(FileService.UPLOAD_PATH)
            ? FileService.UPLOAD_PATH
            : FileService.DOWNLOAD_PATH;
    String token = path.substring(prefix.length());
    int dot = token.indexOf('.');
    return prefix + (dot > 0 && dot <= 64 ? token.substring(0, dot) : "") + ".<redacted>";
  }

  void register(RoutesConfig r) {
    // the signed routes first: their paths would otherwise also fit /v1/files/{id}/…
    r.put(FileService.UPLOAD_PATH + "{token}", this::receiveUpload);
    r.get(FileService.DOWNLOAD_PATH + "{token}", this::signedDownload);
    r.get("/v1/files", this::list);
    r.post("/v1/files/upload", this::requestUpload);
    r.post("/v1/files/confirm", this::confirm);
    r.get(
        "/v1/files/{id}",
        ctx ->
            Requests.json(
                ctx,
                200,
                fileJson(files.get(Requests.principal(ctx).orgId(), ctx.pathParam("id")))));
    r.get(
        "/v1/files/{id}/download",
        ctx ->
            serve(
                ctx,
                files,
                files.download(Requests.principal(ctx), ctx.pathParam("id"), ctx.ip())));
    r.get("/v1/files/{id}/url", this::downloadUrl);
    r.delete("/v1/files/{id}", this::delete);
  }

  /** {@code GET /v1/files}: one page of the organization's files, newest first. */
  private void list(Context ctx) {
    FileQuery query =
        new FileQuery(
            oneOf(ctx, "status", FileQuery.STATUSES),
            oneOf(ctx, "purpose", FileQuery.PURPOSES),
            Requests.intQuery(ctx, "limit", FileQuery.DEFAULT_LIMIT, 1, FileQuery.MAX_LIMIT),
            blankToNull(ctx.queryParam("starting_after")));
    Page<StoredFile> page = files.list(Requests.principal(ctx).orgId(), query);
    Requests.json(
        ctx,
        200,
        new io.modelroute.api.Page<>(
            page.data().stream().map(FileRoutes::fileJson).toList(),
            page.hasMore(),
            page.nextCursor()));
  }

  private static String oneOf(Context ctx, String name, Set<String> allowed) {
    String v = blankToNull(ctx.queryParam(name));
    if (v != null && !allowed.contains(v)) {
      throw ModelRouteException.invalid(
          name,
          FieldError.INVALID_VALUE,
          "unknown " + name + " '" + v + "'; one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private void requestUpload(Context ctx) {
    Principal caller = Requests.principal(ctx);
    UploadRequest request = uploadRequest(Requests.jsonObject(ctx, maxBody), files.maxBytes());
    SignedUrl url = files.requestUpload(caller, request, ctx.ip());
    Requests.json(
        ctx,
        201,
        new FileUploadTicket(
            url.file().id(),
            url.resolve(baseUrl(ctx)).toString(),
            ExecutionJson.instant(url.expiresAt())));
  }

  /**
   * The newer body {@code {purpose, ttl_days?}} or the older {@code {filename, content_type,
   * size_bytes}} (purpose then defaults to INPUT). The older fields are checked for shape and
   * otherwise ignored: the name is never stored, type and size are measured from the bytes.
   */
  static UploadRequest uploadRequest(ObjectNode body, long maxBytes) {
    Requests.onlyFields(body, UPLOAD_FIELDS);
    List<FieldError> problems = new ArrayList<>();
    boolean older = OLDER_FIELDS.stream().anyMatch(body::has);
    String purpose = text(body, "purpose", problems);
    if (purpose == null && older && !body.has("purpose")) {
      purpose = "INPUT";
    }
    Integer ttlDays = null;
    JsonNode ttl = body.get("ttl_days");
    if (ttl != null && !ttl.isNull()) {
      if (!ttl.isIntegralNumber() || !ttl.canConvertToInt()) {
        problems.add(
            new FieldError(
                "ttl_days",
                ttl.isIntegralNumber() ? FieldError.OUT_OF_RANGE : FieldError.INVALID_TYPE,
                "ttl_days must be a whole number of days between 1 and 365"));
      } else {
        ttlDays = ttl.intValue();
      }
    }
    text(body, "filename", problems);
    text(body, "content_type", problems);
    JsonNode size = body.get("size_bytes");
    if (size != null && !size.isNull()) {
      if (!size.isIntegralNumber()) {
        problems.add(
            new FieldError(
                "size_bytes", FieldError.INVALID_TYPE, "size_bytes must be a whole number"));
      } else if (size.bigIntegerValue().signum() < 0
          || size.bigIntegerValue().bitLength() > 62
          || size.longValue() > maxBytes) {
        problems.add(
            new FieldError(
                "size_bytes",
                FieldError.OUT_OF_RANGE,
                "size_bytes must be between 0 and the limit of " + maxBytes + " bytes"));
      }
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    return new UploadRequest(purpose, ttlDays);
  }

  private static String text(ObjectNode body, String field, List<FieldError> problems) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new FieldError(field, FieldError.INVALID_TYPE, field + " must be a string"));
      return null;
    }
    if (v.asText().length() > MAX_DECLARED_TEXT) {
      problems.add(
          new FieldError(
              field,
              FieldError.TOO_LONG,
              field + " must be at most " + MAX_DECLARED_TEXT + " characters"));
      return null;
    }
    return v.asText();
  }

  /** The PUT to a signed upload URL: the raw body goes straight from the socket to storage. */
  private void receiveUpload(Context ctx) throws IOException {
    StoredFile file =
        files.receiveUpload(
            ctx.pathParam("token"),
            ctx.req().getContentLengthLong(),
            ctx.req().getInputStream(),
            ctx.ip());
    Requests.json(ctx, 200, fileJson(file));
  }

  private void confirm(Context ctx) {
    Principal caller = Requests.principal(ctx);
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("file_id"));
    String fileId = Requests.requiredString(body, "file_id");
    Requests.json(ctx, 200, fileJson(files.confirm(caller.orgId(), fileId)));
  }

  private void downloadUrl(Context ctx) {
    SignedUrl url = files.downloadUrl(Requests.principal(ctx), ctx.pathParam("id"), ctx.ip());
    Requests.json(
        ctx,
        200,
        new FileUrl(
            url.resolve(baseUrl(ctx)).toString(),
            ExecutionJson.instant(url.expiresAt()),
            url.file().contentType(),
            url.file().sizeBytes()));
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    files.delete(Requests.principal(ctx), id, ctx.ip());
    Requests.json(ctx, 200, new Deleted(id, true));
  }

  private void signedDownload(Context ctx) {
    serve(ctx, files, files.openSigned(ctx.pathParam("token"), ctx.ip()));
  }

  /**
   * Where this server is reached: the configured public URL, else the request's own scheme and
   * host.
   */
  private URI baseUrl(Context ctx) {
    if (publicUrl != null) {
      return publicUrl;
    }
    String host = ctx.host();
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost:" + ctx.port();
    }
    return URI.create(ctx.scheme() + "://" + host);
  }

  static FileInfo fileJson(StoredFile f) {
    return new FileInfo(
        f.id(),
        FileStatus.valueOf(f.status()),
        FilePurpose.valueOf(f.purpose()),
        f.contentType(),
        f.sizeBytes(),
        f.sha256(),
        ExecutionJson.instant(f.createdAt()),
        ExecutionJson.instant(f.expiresAt()));
  }

  /**
   * Streams a READY file honouring {@code If-None-Match} and a single {@code Range}. The bytes go
   * straight to the socket (not through the framework's compression, which would break
   * Content-Length and Range), with headers that keep a browser from running them as a page.
   */
  static void serve(Context ctx, FileService files, StoredFile f) {
    long size = f.sizeBytes() == null ? 0 : f.sizeBytes();
    String etag = "\"" + f.sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Cache-Control", "private, max-age=3600");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "sandbox");
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
        throw ModelRouteException.invalid(
            "Range",
            FieldError.OUT_OF_RANGE,
            "Range not satisfiable for a file of " + size + " bytes");
      }
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    } else {
      ctx.status(200);
    }
    long length = end - start + 1;
    ctx.header("Content-Length", Long.toString(length));
    if ("HEAD".equals(ctx.method().name())) {
      return;
    }
    try (InputStream in = files.open(f, start)) {
      OutputStream out = ctx.res().getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      out.flush();
    } catch (IOException e) {
      // the client went away mid-download (or the bytes vanished); the status is already sent
      LOG.debug("download of {} ended early: {}", f.id(), e.toString());
    }
  }
}
