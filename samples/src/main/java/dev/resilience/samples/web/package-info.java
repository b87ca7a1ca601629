/** How the sample answers over HTTP when a resilience pattern rejects or abandons a call. */
package dev.resilience.samples.web;
