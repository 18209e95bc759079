/**
 * Configuration of a meter node: one YAML file ({@code /etc/meternode/meternode.yaml}) read into
 * immutable, validated records.
 *
 * <p>Entry points: {@link org.meternode.app.config.ConfigLoader#load(java.nio.file.Path)} for a file
 * and {@link org.meternode.app.config.ConfigLoader#parse(String, String, java.nio.file.Path)} for text
 * (e.g. a remote write), both returning a {@link org.meternode.app.config.LoadedConfig} (the
 * {@link org.meternode.app.config.NodeConfig} and its warnings) or throwing one
 * {@link org.meternode.app.config.ConfigException} that lists every problem with file, line, column
 * and dotted key path. Every key is declared once in {@link org.meternode.app.config.ConfigKeys} with
 * its type, bounds, default and doc; the same table checks values and generates the documented
 * default file ({@code check-config --print-defaults}) and the README's key reference.
 */
package org.meternode.app.config;
