/** The sample workload {@code ./edgemarket demo} runs, and its end-to-end receipt check. */
package io.edgemarket.cli.demo;
