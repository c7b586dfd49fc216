/** A bench run's result and its three renderings: stdout summary, JSON file, HTML page with SVG plots. */
package dev.switchboard.cli.bench.report;
