package io.modelroute.http; final class Placeholder {}
