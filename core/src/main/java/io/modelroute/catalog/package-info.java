/**
 * The model catalog: which models the gateway offers, how each is priced, what input it takes and
 * which provider routes run it (docs/providers.md). {@link io.modelroute.catalog.Catalog} reads the
 * catalog file (JSON or YAML; a default one ships in the jar), {@link
 * io.modelroute.catalog.InputValidator} checks execution input against a model's JSON Schema and
 * the raw-URL and file-reference rules of docs/concepts.md, and {@link
 * io.modelroute.catalog.Pricing} turns input and usage into money (docs/concepts.md). The file
 * format is described in {@code docs/catalog.md}.
 */
package io.modelroute.catalog;
