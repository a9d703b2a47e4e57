/**
 * Reading ick's YAML inputs (project files and the worker's and icktool's configuration) strictly:
 * unknown keys, duplicate keys and malformed YAML are refused, and each error names the file, line and
 * column so that a person can fix it without guessing.
 */
package ick.client.yaml;
