package io.kubetron.neutron;

/** One of a subnet's {@code allocation_pools}: the addresses from {@code start} to {@code end}, inclusive. */
public record AllocationPool(String start, String end) {}
