SELECT data FROM evo.instance_data;
