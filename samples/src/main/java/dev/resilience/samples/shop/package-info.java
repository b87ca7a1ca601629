/**
 * The sample's services, each protected by the starter's annotations the way an application would use them,
 * and the controller that exposes them over HTTP.
 */
package dev.resilience.samples.shop;
