package dev.iamsync.app;

public final class Main {
    public static void main(String[] args) {
    }
}
