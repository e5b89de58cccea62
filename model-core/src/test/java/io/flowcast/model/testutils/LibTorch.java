package io.flowcast.model.testutils;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * libtorch through DJL for a test class, offline (the native library comes from the
 * pytorch-native-cpu test dependency): {@code @RegisterExtension static final LibTorch TORCH = new
 * LibTorch();}, then {@code try (NDManager scope = TORCH.newScope()) { ... }} per case.
 */
public final class LibTorch implements BeforeAllCallback, AfterAllCallback {
  private NDManager manager;

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("ai.djl.offline", "true");
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  /** A manager whose tensors are freed when it is closed. */
  public NDManager newScope() {
    return manager.newSubManager();
  }
}
