/**
 * Files: the {@link io.modelroute.file.FileStore} seam where bytes live, the file records
 * (purpose, status, detected content type, size, SHA-256, retention) and the service that stores
 * provider outputs and serves downloads scoped to one organization.
 */
package io.modelroute.file;
