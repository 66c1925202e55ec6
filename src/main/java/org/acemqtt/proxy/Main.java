package org.acemqtt.proxy;

public final class Main {
    public static void main(String[] args) {
    }
}
