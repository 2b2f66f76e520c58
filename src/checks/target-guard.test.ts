import { describe, expect, it } from "vitest";
import { blockedRange, urlTargetError } from "./target-guard.js";

describe("SSRF guard ranges", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "CGNAT"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd00::1", "private"],
    ["fc00::1", "private"],
    ["fe80::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local (cloud metadata)"],
    ["64:ff9b::10.0.0.1", "private"],
  ])("blocks %s (%s)", (address, kind) => {
    expect(blockedRange(address)).toBe(kind);
  });

  it.each([
    "93.184.216.34",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
  ])("allows public %s", (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });

  it("refuses blocked literals and localhost in URLs, naming the setting", () => {
    const guarded = {};
    expect(urlTargetError("http://127.0.0.1:8080/", guarded)).toMatch(/ALLOW_PRIVATE_TARGETS=true/);
    expect(urlTargetError("http://[::1]/", guarded)).toMatch(/loopback/);
    expect(urlTargetError("http://localhost/", guarded)).toMatch(/loopback/);
    expect(urlTargetError("http://api.localhost/", guarded)).toMatch(/loopback/);
    expect(urlTargetError("http://169.254.169.254/latest/meta-data/", guarded)).toMatch(/metadata/);
    expect(urlTargetError("https://example.com/", guarded)).toBeUndefined();
  });

  it("lets through what the policy allows", () => {
    expect(urlTargetError("http://10.0.0.1/", { allowPrivateTargets: true })).toBeUndefined();
    expect(
      urlTargetError("http://192.168.1.20/", { allowedPrivateNetworks: ["192.168.1.0/24"] }),
    ).toBeUndefined();
    expect(urlTargetError("http://192.168.2.20/", { allowedPrivateNetworks: ["192.168.1.0/24"] })).toMatch(
      /private/,
    );
  });
});
