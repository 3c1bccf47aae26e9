/**
 * The model catalog: which models the gateway offers, how each is priced, what input it takes and
 * which provider routes run it (SPEC §9). {@link io.modelroute.catalog.Catalog} reads the catalog
 * file (JSON or YAML; a default one ships in the jar), {@link io.modelroute.catalog.InputValidator}
 * checks execution input against a model's JSON Schema and the raw-URL and file-reference rules of
 * SPEC §4, and {@link io.modelroute.catalog.Pricing} turns input and usage into money (SPEC §5).
 * The file format is described in {@code docs/catalog-format.md}.
 */
package io.modelroute.catalog;
