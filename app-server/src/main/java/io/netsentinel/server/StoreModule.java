package io.netsentinel.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.netsentinel.store.AlertStore;
import io.netsentinel.store.AlertStores;

/**
 * The durable alert store the config names: the embedded SQLite file in {@code data_dir}, or PostgreSQL when {@code
 * database_url} is set. Tests bind their own store instead of this module.
 */
final class StoreModule extends AbstractModule {
  @Provides @Singleton AlertStore store(ServerConfig config) {
    return AlertStores.open(config.settings());
  }
}
