import { describe, expect, it } from "vitest";
import { parseDnsUrl } from "./dns-url.js";

describe("parseDnsUrl", () => {
  it("asks the system's resolvers when the url names none", () => {
    expect(parseDnsUrl("dns:example.com?type=MX")).toEqual({
      name: "example.com",
      recordType: "MX",
      resolver: null,
    });
  });

  it("asks the resolver given, IPv4 or bracketed IPv6, on port 53 unless told", () => {
    expect(parseDnsUrl("dns://9.9.9.9/example.com?type=A")).toEqual({
      name: "example.com",
      recordType: "A",
      resolver: { host: "9.9.9.9", port: 53 },
    });
    expect(parseDnsUrl("dns://9.9.9.9:5353/example.com")).toMatchObject({
      resolver: { host: "9.9.9.9", port: 5353 },
    });
    expect(parseDnsUrl("dns://[2620:fe::fe]:5300/example.com?type=AAAA")).toEqual({
      name: "example.com",
      recordType: "AAAA",
      resolver: { host: "2620:fe::fe", port: 5300 },
    });
    expect(parseDnsUrl("dns://[2620:fe::fe]/example.com")).toMatchObject({
      resolver: { host: "2620:fe::fe", port: 53 },
    });
  });

  it("defaults to A, and reads the type in any case", () => {
    expect(parseDnsUrl("dns:example.com")).toMatchObject({ recordType: "A" });
    expect(parseDnsUrl("dns:example.com?type=txt")).toMatchObject({ recordType: "TXT" });
    for (const type of ["A", "AAAA", "CNAME", "MX", "TXT", "NS"]) {
      expect(parseDnsUrl(`dns:example.com?type=${type}`)).toMatchObject({ recordType: type });
    }
  });

  it("separates parameters with ; as RFC 4501 does, or &, and ignores class=IN", () => {
    for (const url of [
      "dns:example.com?type=NS;class=IN",
      "dns:example.com?class=IN;type=NS",
      "dns:example.com?class=in&type=NS",
    ]) {
      expect(parseDnsUrl(url), url).toMatchObject({ name: "example.com", recordType: "NS" });
    }
  });

  it("drops a trailing dot and keeps underscore labels", () => {
    expect(parseDnsUrl("dns:example.com.?type=MX")).toMatchObject({ name: "example.com" });
    expect(parseDnsUrl("dns://1.1.1.1/example.com.")).toMatchObject({ name: "example.com" });
    expect(parseDnsUrl("dns:_dmarc.example.com?type=TXT")).toMatchObject({ name: "_dmarc.example.com" });
    expect(parseDnsUrl("dns:www%2Eexample.com")).toMatchObject({ name: "www.example.com" });
  });

  it("rejects a type or parameter it does not know, and another class", () => {
    for (const url of [
      "dns:example.com?type=SRV",
      "dns:example.com?type=",
      "dns:example.com?class=CH",
      "dns:example.com?foo=bar",
    ]) {
      expect(parseDnsUrl(url), url).toMatch(/the query may only say type=A\|AAAA\|CNAME\|MX\|TXT\|NS$/);
    }
  });

  it("rejects a name that is not a domain name", () => {
    for (const url of [
      "dns:",
      "dns:exa mple.com",
      "dns:-example.com",
      "dns:example-.com",
      "dns:example..com",
      `dns:${"a".repeat(64)}.com`,
      `dns:${"abcdefghi.".repeat(26)}com`,
      // Malformed percent-encoding is a bad name, not an exception.
      "dns:ex%zzample.com",
    ]) {
      expect(parseDnsUrl(url), url).toMatch(/is not a valid domain name/);
    }
  });

  it("rejects a resolver given by name: it is dialled without a lookup", () => {
    expect(parseDnsUrl("dns://dns.google/example.com")).toMatch(
      /the resolver must be an IP address, not "dns\.google"$/,
    );
  });

  it("rejects resolver port 0, which would abort Node's setServers", () => {
    expect(parseDnsUrl("dns://9.9.9.9:0/example.com")).toMatch(/the resolver port must be 1-65535$/);
  });

  it("rejects urls of other schemes and text that is no url", () => {
    for (const url of ["https://example.com/", "example.com", "tcp://1.1.1.1:53"]) {
      expect(parseDnsUrl(url), url).toBe(
        "dns monitors need a url like dns:example.com?type=A or dns://9.9.9.9/example.com?type=MX",
      );
    }
  });
});
