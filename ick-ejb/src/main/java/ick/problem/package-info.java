/**
 * The ways a use case can refuse a request, independent of HTTP: invalid input (with every fault listed),
 * no such item, and a conflict with the current state. Each is an EJB application exception, so it reaches
 * the caller unwrapped and rolls the transaction back; the web layer maps each to one problem status
 * (400, 404, 409).
 */
package ick.problem;
